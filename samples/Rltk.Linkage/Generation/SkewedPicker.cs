namespace Rltk.Linkage.Generation;

/// <summary>
/// Picks items of a list with Zipf-like frequencies (the item of rank r about 1/r as often as the first),
/// so that, as in real data, a few names are common and most are rare.
/// </summary>
internal sealed class SkewedPicker<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulativeWeights;

    public SkewedPicker(T[] items)
    {
        _items = items;
        _cumulativeWeights = new double[items.Length];
        var total = 0.0;
        for (var rank = 0; rank < items.Length; rank++)
        {
            total += 1.0 / (rank + 1);
            _cumulativeWeights[rank] = total;
        }
    }

    public T Pick(Random random)
    {
        var target = random.NextDouble() * _cumulativeWeights[^1];
        var index = Array.BinarySearch(_cumulativeWeights, target);
        return _items[index >= 0 ? index : ~index];
    }
}
