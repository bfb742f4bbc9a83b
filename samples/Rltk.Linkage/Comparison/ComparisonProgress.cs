using System.Diagnostics;

namespace Rltk.Linkage.Comparison;

/// <summary>
/// A plain progress line of the comparison, printed every two seconds by a timer; counting a compared
/// pair is one interlocked increment.
/// </summary>
public sealed class ComparisonProgress : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly long _total;
    private readonly TextWriter _output;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Timer _timer;
    private long _compared;

    public ComparisonProgress(long total, TextWriter output)
    {
        (_total, _output) = (total, output);
        _timer = new Timer(_ => Print(), null, Interval, Interval);
    }

    public void Advance() => Interlocked.Increment(ref _compared);

    /// <summary>Stops the timer, waiting for a line being printed, so that no line comes after what the caller prints next.</summary>
    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        if (_timer.Dispose(stopped))
        {
            stopped.WaitOne();
        }
    }

    private void Print()
    {
        var compared = Interlocked.Read(ref _compared);
        var rate = compared / Stopwatch.GetElapsedTime(_started).TotalSeconds;
        _output.WriteLine(FormattableString.Invariant($"compared {compared:N0} of {_total:N0} pairs ({rate:N0} pairs/s)"));
    }
}
