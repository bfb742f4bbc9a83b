using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Rltk.Actors.Hosting;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// On the scheduler's node: downs every other member that stays unreachable, so that its chunks run elsewhere
/// and the members left agree again; never its own node. A member this node's own failure detector cannot hear
/// is downed after <c>after</c>. One it hears, but another member reports, waits <see cref="HeardFactor"/> times
/// as long: the fault is more likely the observer's (a starved worker reports every peer it watches), which is
/// then downed first, as this node cannot hear it either, and its reports go with it; a link cut between two
/// workers alone still ends, with both downed.
/// </summary>
internal sealed class SchedulerDowningActor : ReceiveActor, IWithTimers
{
    public const int HeardFactor = 5;

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UnreachableTimes<UniqueAddress> _unreachable = new();
    private readonly TimeSpan _after;

    public SchedulerDowningActor(TimeSpan after)
    {
        _after = after;
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

        _unreachable.Unreachable(unreachable.Member.UniqueAddress, UnreachableTimes<UniqueAddress>.Now);
        if (!Timers.IsTimerActive(DowningTick.Instance))
        {
            Timers.StartPeriodicTimer(DowningTick.Instance, DowningTick.Instance, DowningTick.IntervalFor(_after));
        }
    }

    private void DownThoseDue()
    {
        foreach (var member in _unreachable.TakeDue(UnreachableTimes<UniqueAddress>.Now, LimitOf))
        {
            _log.Warning("Downing {0}: unreachable for {1:0.#} s", member.Address, LimitOf(member).TotalSeconds);
            _cluster.Down(member.Address);
        }

        if (_unreachable.IsEmpty)
        {
            Timers.Cancel(DowningTick.Instance);
        }
    }

    /// <summary>Unheard here (or not watched from here, in a cluster larger than Akka's heartbeat ring): <c>after</c>.</summary>
    private TimeSpan LimitOf(UniqueAddress member) =>
        _cluster.FailureDetector.IsMonitoring(member.Address) && _cluster.FailureDetector.IsAvailable(member.Address) ? _after * HeardFactor : _after;
}
