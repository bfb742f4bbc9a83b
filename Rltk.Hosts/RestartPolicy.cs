namespace Rltk.Hosts;

/// <summary>
/// When a nanny starts its worker again. A worker that dies before it joins its cluster cannot start:
/// it is started again after a backoff that doubles with each such death in the window (1 s, 2 s, 4 s …
/// up to 30 s by default), and not at all once it has died so more than <see cref="MaxRestarts"/> times
/// within <see cref="Window"/> — a fault to report, not to retry forever. A worker that had joined died at
/// work (an input that crashes it, an outside kill, memory), which the scheduler bounds per input
/// (allowed-failures), as dask's nanny does: it starts again after the shortest backoff, and the deaths
/// before it are forgotten, so poison inputs and kills never make the nanny give up.
/// </summary>
public sealed class RestartPolicy(int maxRestarts = 10, TimeSpan? window = null, TimeSpan? firstBackoff = null, TimeSpan? longestBackoff = null)
{
    private readonly Queue<DateTime> _deaths = new();

    public int MaxRestarts { get; } = maxRestarts;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(10);

    public TimeSpan FirstBackoff { get; } = firstBackoff ?? TimeSpan.FromSeconds(1);

    public TimeSpan LongestBackoff { get; } = longestBackoff ?? TimeSpan.FromSeconds(30);

    /// <summary>Deaths before joining within the window, as of the last one recorded.</summary>
    public int RecentDeaths => _deaths.Count;

    /// <summary>
    /// Records a death at <paramref name="now"/> of a worker that had, or had not, <paramref name="joined"/> its
    /// cluster; returns how long to wait before starting the worker again, or null to give up.
    /// </summary>
    public TimeSpan? AfterDeath(DateTime now, bool joined)
    {
        if (joined)
        {
            _deaths.Clear();
            return FirstBackoff;
        }

        _deaths.Enqueue(now);
        while (_deaths.Peek() <= now - Window)
        {
            _deaths.Dequeue();
        }

        if (_deaths.Count > MaxRestarts)
        {
            return null;
        }

        var backoff = FirstBackoff * Math.Pow(2, Math.Min(_deaths.Count - 1, 30));
        return backoff < LongestBackoff ? backoff : LongestBackoff;
    }
}
