using Akka.Actor;
using Rltk.Actors.Flow;

namespace Rltk.Actors.Local;

/// <summary>
/// Calls the user's progress callback on a timer, only when the counts have moved, and once more when
/// it stops so the last call shows the final counts. Reading the counters costs nothing per task.
/// </summary>
internal sealed class ProgressActor : ReceiveActor, IWithTimers
{
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private readonly Action<Progress> _report;
    private readonly WorkTracker _tracker;
    private readonly TimeSpan _interval;
    private Progress? _last;

    public ProgressActor(Action<Progress> report, WorkTracker tracker, TimeSpan interval)
    {
        _report = report;
        _tracker = tracker;
        _interval = interval;
        Receive<Tick>(_ => ReportIfMoved());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, _interval);

    protected override void PostStop() => ReportIfMoved();

    private void ReportIfMoved()
    {
        var now = _tracker.Snapshot();
        if (now == _last)
        {
            return;
        }

        _last = now;
        try
        {
            _report(now);
        }
        catch (Exception failure)
        {
            _tracker.Report(new TaskFailedException(FailureStage.Progress, null, failure));
        }
    }
}
