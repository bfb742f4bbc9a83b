using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace Rltk.Actors.Worker;

/// <summary>
/// The worker's role on its node: an agent and its mappers, under a backoff supervisor. An agent that
/// fails is stopped, not restarted in place: what it promised the scheduler (the chunks it holds, the
/// files it has) goes with it — the scheduler, which watches it, runs its chunks elsewhere — and a
/// fresh agent, with new mappers and an empty file store, offers the worker anew after a backoff. An
/// agent that keeps failing takes its node down.
/// </summary>
internal sealed class WorkerNode
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private const int MaxFailures = 5;

    /// <summary>How long a worker keeps a scheduler the cluster says is unreachable, should it not down itself first (<see cref="WorkerDowningActor"/>).</summary>
    public static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts <paramref name="mappers"/> mapper actors and their agent; on a graceful stop the agent
    /// finishes the chunks it holds before the node leaves the cluster. <paramref name="endProcess"/>, given
    /// by a host that owns its process, ends it when a mapper is stuck in a closed task's code.
    /// </summary>
    public static IActorRef Start(ActorSystem system, int mappers, ILoggerFactory logging, Action? endProcess = null)
    {
        var log = logging.CreateLogger<WorkerAgentActor>();
        var settings = ClusterSettings.Create(system.Settings.Config);
        var agent = Props.Create<WorkerAgentActor>(mappers, Dispatchers.Mapper, settings.Messages, settings.ClosedTaskGrace, endProcess, log);
        var worker = system.ActorOf(
            BackoffSupervisor.Props(
                Backoff.OnStop(agent, "agent", MinBackoff, MaxBackoff, randomFactor: 0.2, maxNrOfRetries: MaxFailures)
                    // The count of failures starts again once an agent has served a minute.
                    .WithAutoReset(TimeSpan.FromMinutes(1))
                    .WithSupervisorStrategy(new OneForOneStrategy(MaxFailures, Timeout.InfiniteTimeSpan, failure =>
                    {
                        log.LogError("The worker's agent failed ({Failure}); a fresh one offers the worker again, and its chunks run anew",
                            $"{failure.GetType().Name}: {failure.Message}");
                        return Directive.Stop;
                    }))
                    .WithReplyWhileStopped(WorkerAgentActor.Drained.Instance)),
            "worker");
        _ = GiveUpWhenStoppedAsync(system, worker, log);

        var shutdown = CoordinatedShutdown.Get(system);
        var drainTimeout = shutdown.Timeout(CoordinatedShutdown.PhaseBeforeClusterShutdown);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "drain-worker", async () =>
        {
            await worker.Ask<WorkerAgentActor.Drained>(WorkerAgentActor.Drain.Instance, drainTimeout).ConfigureAwait(false);
            return Akka.Done.Instance;
        });
        return worker;
    }

    /// <summary>
    /// Joins the cluster whose scheduler listens at <paramref name="host"/>:<paramref name="port"/> (trying
    /// until it answers, unless <c>akka.cluster.shutdown-after-unsuccessful-join-seed-nodes</c> says when to
    /// give up), and watches the scheduler once joined: when it leaves the cluster, is removed, or stays
    /// unreachable for <see cref="UnreachableLimit"/>, the node shuts down with <see cref="SchedulerLostReason"/>.
    /// A node joins a cluster once only; the worker host starts a fresh one, which joins the next scheduler.
    /// </summary>
    public static void JoinScheduler(ActorSystem system, string host, int port)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        system.ActorOf(Props.Create(() => new SchedulerWatchActor()), "scheduler-watch");
        // akka.tcp, or akka.ssl.tcp with TLS: the scheduler speaks what this node speaks.
        cluster.JoinSeedNodes([new Address(cluster.SelfAddress.Protocol, ClusterSettings.Create(system.Settings.Config).SystemName, host, port)]);
    }

    /// <summary>The supervisor stops only when its agent failed too often: a worker that cannot serve leaves the cluster.</summary>
    private static async Task GiveUpWhenStoppedAsync(ActorSystem system, IActorRef worker, ILogger log)
    {
        await worker.WatchAsync().ConfigureAwait(false);
        if (!system.WhenTerminated.IsCompleted && CoordinatedShutdown.Get(system).ShutdownReason is null)
        {
            log.LogError("The worker's agent failed {Failures} times in a row; the worker stops", MaxFailures);
            await CoordinatedShutdown.Get(system).Run(AgentFailedReason.Instance).ConfigureAwait(false);
        }
    }

    /// <summary>Why a worker node stopped: its agent kept failing.</summary>
    public sealed class AgentFailedReason : CoordinatedShutdown.Reason
    {
        public static readonly AgentFailedReason Instance = new();

        public override int ExitCode => 1;
    }

    /// <summary>Why a worker node stopped: its scheduler left the cluster, was removed, or stayed unreachable.</summary>
    public sealed class SchedulerLostReason(string why) : CoordinatedShutdown.Reason
    {
        public string Why { get; } = why;

        public override int ExitCode => 1;

        public override string ToString() => Why;
    }

    /// <summary>
    /// Watches the scheduler's membership from a worker node, and shuts the node down when the scheduler
    /// is gone for good: removed (it left, or was downed), or unreachable for longer than
    /// <see cref="UnreachableLimit"/>. Without it, a worker whose scheduler left gracefully would stay a
    /// cluster of one, forever.
    /// </summary>
    private sealed class SchedulerWatchActor : ReceiveActor, IWithTimers
    {
        private readonly Akka.Cluster.UniqueAddress _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;

        public SchedulerWatchActor()
        {
            // This node going (downed, leaving): Akka's own reason says why. A node that stops also reports
            // every other member removed, the scheduler included, which is no news of the scheduler.
            Receive<ClusterEvent.IMemberEvent>(
                changed => changed.Member.UniqueAddress.Equals(_self) && changed.Member.Status is Akka.Cluster.MemberStatus.Down
                    or Akka.Cluster.MemberStatus.Leaving or Akka.Cluster.MemberStatus.Exiting or Akka.Cluster.MemberStatus.Removed,
                _ => Become(Going));
            Receive<ClusterEvent.MemberRemoved>(removed => removed.Member.HasRole(ClusterRoles.Scheduler), removed => Lost(
                removed.PreviousStatus == Akka.Cluster.MemberStatus.Down
                    ? $"the scheduler at {AddressOf(removed.Member)} was removed from the cluster (it was unreachable)"
                    : $"the scheduler at {AddressOf(removed.Member)} left the cluster"));
            Receive<ClusterEvent.UnreachableMember>(unreachable => unreachable.Member.HasRole(ClusterRoles.Scheduler),
                unreachable => Timers.StartSingleTimer(unreachable.Member.UniqueAddress, new StillUnreachable(unreachable.Member), UnreachableLimit));
            Receive<ClusterEvent.ReachableMember>(reachable => Timers.Cancel(reachable.Member.UniqueAddress));
            Receive<StillUnreachable>(still => Lost($"the scheduler at {AddressOf(still.Member)} stayed unreachable for {UnreachableLimit.TotalSeconds:0} s"));
            Receive<ClusterEvent.IMemberEvent>(_ => { });
            Receive<ClusterEvent.IReachabilityEvent>(_ => { });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

        private void Going()
        {
            Timers.CancelAll();
            ReceiveAny(_ => { });
        }

        private static string AddressOf(Akka.Cluster.Member member) => $"{member.Address.Host}:{member.Address.Port}";

        private void Lost(string why)
        {
            Timers.CancelAll();
            _ = CoordinatedShutdown.Get(Context.System).Run(new SchedulerLostReason(why));
        }

        private sealed record StillUnreachable(Akka.Cluster.Member Member);
    }
}
