using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Hosting;

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

    /// <summary>
    /// Starts <paramref name="mappers"/> mapper actors and their agent; on a graceful stop the agent
    /// finishes the chunks it holds before the node leaves the cluster.
    /// </summary>
    public static IActorRef Start(ActorSystem system, int mappers, ILoggerFactory logging)
    {
        var log = logging.CreateLogger<WorkerAgentActor>();
        var agent = Props.Create<WorkerAgentActor>(mappers, Dispatchers.Mapper, ClusterSettings.Create(system.Settings.Config).Messages, log);
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
    /// Joins the cluster whose scheduler listens at <paramref name="host"/>:<paramref name="port"/>; gives up
    /// (and the node shuts down) after <c>akka.cluster.shutdown-after-unsuccessful-join-seed-nodes</c>.
    /// </summary>
    public static void JoinScheduler(ActorSystem system, string host, int port)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
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
}
