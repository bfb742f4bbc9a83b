namespace Rltk.Hosts;

/// <summary>
/// When a nanny starts its worker again: after a backoff that doubles with each death in the window
/// (1 s, 2 s, 4 s … up to 30 s by default), and not at all once the worker has died more than
/// <see cref="MaxRestarts"/> times within <see cref="Window"/> — a worker that cannot stay up is a fault
/// to report, not to retry forever. Deaths older than the window are forgotten, so a worker that ran
/// well for a while starts again at the shortest backoff.
/// </summary>
public sealed class RestartPolicy(int maxRestarts = 10, TimeSpan? window = null, TimeSpan? firstBackoff = null, TimeSpan? longestBackoff = null)
{
    private readonly Queue<DateTime> _deaths = new();

    public int MaxRestarts { get; } = maxRestarts;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(10);

    public TimeSpan FirstBackoff { get; } = firstBackoff ?? TimeSpan.FromSeconds(1);

    public TimeSpan LongestBackoff { get; } = longestBackoff ?? TimeSpan.FromSeconds(30);

    /// <summary>Deaths within the window, as of the last one recorded.</summary>
    public int RecentDeaths => _deaths.Count;

    /// <summary>Records a death at <paramref name="now"/>; returns how long to wait before starting the worker again, or null to give up.</summary>
    public TimeSpan? AfterDeath(DateTime now)
    {
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
