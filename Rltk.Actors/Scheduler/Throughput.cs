namespace Rltk.Actors.Scheduler;

/// <summary>Inputs completed per second over the last <c>seconds</c> seconds, in a ring: nothing is done per input, and nothing on a timer.</summary>
internal sealed class Throughput(int seconds)
{
    private readonly long[] _counts = new long[seconds];
    private readonly long[] _secondOf = new long[seconds];

    public void Add(DateTimeOffset now, long inputs)
    {
        var second = now.ToUnixTimeSeconds();
        var slot = (int)(second % seconds);
        if (_secondOf[slot] != second)
        {
            (_secondOf[slot], _counts[slot]) = (second, 0);
        }

        _counts[slot] += inputs;
    }

    /// <summary>The counts of the last seconds, oldest first, the current (unfinished) second left out.</summary>
    public IReadOnlyList<ThroughputSample> Samples(DateTimeOffset now)
    {
        var current = now.ToUnixTimeSeconds();
        return Enumerable.Range(1, seconds - 1).Reverse()
            .Select(ago => current - ago)
            .Select(second => new ThroughputSample(DateTimeOffset.FromUnixTimeSeconds(second), CountAt(second)))
            .ToArray();
    }

    /// <summary>Inputs per second over the last <paramref name="window"/> whole seconds.</summary>
    public double Rate(DateTimeOffset now, int window)
    {
        var current = now.ToUnixTimeSeconds();
        return Enumerable.Range(1, Math.Min(window, seconds - 1)).Sum(ago => CountAt(current - ago)) / (double)window;
    }

    private long CountAt(long second) => _secondOf[second % seconds] == second ? _counts[second % seconds] : 0;
}
