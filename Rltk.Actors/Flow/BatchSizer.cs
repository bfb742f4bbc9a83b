namespace Rltk.Actors.Flow;

/// <summary>
/// How many inputs the feeder puts in the next chunk. A fixed size when the user gave one; otherwise
/// sized from what mapping one input last cost, so that a chunk takes about the target time: cheap
/// inputs travel in large chunks (per-message cost vanishes), expensive ones in small chunks (every
/// mapper stays busy). Until a mapper has reported a cost, chunks hold one input.
/// </summary>
internal sealed class BatchSizer
{
    private readonly int? _fixedSize;
    private readonly double _targetSeconds;
    private readonly int _maxSize;
    private double _secondsPerInput;

    private BatchSizer(int? fixedSize, TimeSpan target, int maxSize)
    {
        _fixedSize = fixedSize;
        _targetSeconds = target.TotalSeconds;
        _maxSize = maxSize;
    }

    public static BatchSizer Fixed(int size) => new(size, TimeSpan.Zero, size);

    public static BatchSizer Auto(TimeSpan target, int maxSize) => new(null, target, maxSize);

    public int Next()
    {
        if (_fixedSize is int size)
        {
            return size;
        }

        var perInput = Volatile.Read(ref _secondsPerInput);
        return perInput <= 0 ? 1 : (int)Math.Clamp(_targetSeconds / perInput, 1, _maxSize);
    }

    /// <summary>Called by a mapper after each chunk, from any mapper thread.</summary>
    public void Record(int inputs, TimeSpan elapsed)
    {
        if (_fixedSize is null && inputs > 0)
        {
            Volatile.Write(ref _secondsPerInput, Math.Max(elapsed.TotalSeconds, 1e-9) / inputs);
        }
    }
}
