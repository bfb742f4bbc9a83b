using Akka.Actor;

namespace Rltk.Actors.Flow;

/// <summary>
/// Reports a run's <see cref="RunProgress"/> to the user's <see cref="IProgress{T}"/> on a timer, only when the
/// counts have moved, and once more when it stops so the last report shows the final counts. Reading the
/// counters costs nothing per input. Serves every engine: a local run's, and a cluster task's in its client.
/// </summary>
internal sealed class ProgressActor : ReceiveActor, IWithTimers
{
    private readonly IProgress<RunProgress> _report;
    private readonly WorkTracker _tracker;
    private readonly TimeSpan _interval;
    private readonly ProgressMeter _meter = new(TimeProvider.System);
    private (long, long, long, long?)? _last;

    public ProgressActor(IProgress<RunProgress> report, WorkTracker tracker, TimeSpan interval)
    {
        (_report, _tracker, _interval) = (report, tracker, interval);
        Receive<Tick>(_ => ReportIfMoved());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, _interval);

    protected override void PostStop() => ReportIfMoved();

    private void ReportIfMoved()
    {
        var counts = _tracker.Counts();
        if (counts == _last)
        {
            return;
        }

        _last = counts;
        try
        {
            _report.Report(_meter.Next(counts.Submitted, counts.Completed, counts.Failed, counts.Total));
        }
        catch (Exception failure)
        {
            _tracker.Report(new TaskFailedException(FailureStage.Progress, null, failure));
        }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
