namespace Rltk.Linkage.Comparison;

/// <summary>A weighted mean of field similarities that leaves out the fields a record is missing (a null similarity).</summary>
internal struct WeightedScore
{
    private double _weighted;
    private double _weights;

    public void Add(double weight, double? similarity)
    {
        if (similarity is { } value)
        {
            _weighted += weight * value;
            _weights += weight;
        }
    }

    /// <summary>The mean, in [0, 1]; 0 when every field was missing.</summary>
    public readonly double Value => _weights > 0 ? _weighted / _weights : 0;
}
