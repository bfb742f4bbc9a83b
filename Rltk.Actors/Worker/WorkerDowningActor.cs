using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// On a worker's node: downs its own node when its own failure detector has not heard the scheduler for
/// <c>after</c> — not when another worker cannot, which the cluster's view of the scheduler alone cannot
/// tell apart. The node then stops, and the worker host starts a fresh one that joins again. A worker that
/// does not watch the scheduler itself (a cluster larger than Akka's heartbeat ring, nine by default) leaves
/// that to <see cref="WorkerNode.UnreachableLimit"/>.
/// </summary>
internal sealed class WorkerDowningActor : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UnreachableTimes<Address> _unheard = new();
    private readonly TimeSpan _after;
    private Address? _scheduler;

    public WorkerDowningActor(TimeSpan after)
    {
        _after = after;
        Receive<ClusterEvent.UnreachableMember>(unreachable => unreachable.Member.HasRole(ClusterRoles.Scheduler), HandleSchedulerUnreachable);
        Receive<ClusterEvent.ReachableMember>(reachable => reachable.Member.Address.Equals(_scheduler), _ => StopChecking());
        Receive<ClusterEvent.MemberRemoved>(removed => removed.Member.Address.Equals(_scheduler), _ => StopChecking());
        Receive<DowningTick>(_ => Check());
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.IReachabilityEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void HandleSchedulerUnreachable(ClusterEvent.UnreachableMember unreachable)
    {
        _scheduler = unreachable.Member.Address;
        Timers.StartPeriodicTimer(DowningTick.Instance, DowningTick.Instance, DowningTick.IntervalFor(_after));
        Check();
    }

    /// <summary>Unreachable as the cluster sees it; this node's own failure detector says whether it is this node that cannot hear it.</summary>
    private void Check()
    {
        if (_scheduler is not { } scheduler)
        {
            return;
        }

        if (_cluster.FailureDetector.IsAvailable(scheduler))
        {
            _unheard.Reachable(scheduler);
            return;
        }

        var now = UnreachableTimes<Address>.Now;
        _unheard.Unreachable(scheduler, now);
        if (_unheard.TakeDue(now, _ => _after).Count > 0)
        {
            _log.Warning("Downing this worker's node: it has not heard its scheduler at {0} for {1} s", scheduler, _after.TotalSeconds);
            StopChecking();
            _cluster.Down(_cluster.SelfAddress);
        }
    }

    private void StopChecking()
    {
        Timers.Cancel(DowningTick.Instance);
        if (_scheduler is { } scheduler)
        {
            _unheard.Reachable(scheduler);
        }

        _scheduler = null;
    }
}
