using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Rltk.Actors.Hosting;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// On the scheduler's node: downs every other member that stays unreachable for <c>after</c>, whoever its
/// observer, so that its chunks run elsewhere and the members left agree again. It never downs its own node.
/// </summary>
internal sealed class SchedulerDowningActor : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UnreachableTimes<UniqueAddress> _unreachable;
    private readonly TimeSpan _after;

    public SchedulerDowningActor(TimeSpan after)
    {
        (_after, _unreachable) = (after, new UnreachableTimes<UniqueAddress>(after));
        Receive<ClusterEvent.UnreachableMember>(HandleUnreachable);
        Receive<ClusterEvent.ReachableMember>(reachable => _unreachable.Reachable(reachable.Member.UniqueAddress));
        Receive<ClusterEvent.MemberRemoved>(removed => _unreachable.Reachable(removed.Member.UniqueAddress));
        Receive<DowningTick>(_ => DownThoseDue());
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void HandleUnreachable(ClusterEvent.UnreachableMember unreachable)
    {
        if (unreachable.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress) || unreachable.Member.Status is MemberStatus.Down or MemberStatus.Removed)
        {
            return;
        }

        _unreachable.Unreachable(unreachable.Member.UniqueAddress, DateTime.UtcNow);
        if (!Timers.IsTimerActive(DowningTick.Instance))
        {
            Timers.StartPeriodicTimer(DowningTick.Instance, DowningTick.Instance, DowningTick.IntervalFor(_after));
        }
    }

    private void DownThoseDue()
    {
        foreach (var member in _unreachable.TakeDue(DateTime.UtcNow))
        {
            _log.Warning("Downing {0}: unreachable for {1} s", member.Address, _after.TotalSeconds);
            _cluster.Down(member.Address);
        }

        if (_unreachable.IsEmpty)
        {
            Timers.Cancel(DowningTick.Instance);
        }
    }
}
