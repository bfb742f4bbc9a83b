using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rltk.Actors.Configuration;

namespace Rltk.Actors.Cluster;

/// <summary>Starts the scheduler and worker roles on an actor system: for the hosts, the embedded cluster and the tests alike.</summary>
internal static class ClusterNode
{
    public const string WorkerRole = "worker";

    /// <summary>The configuration of a cluster node: <c>cluster.conf</c> with this node's address, roles and mapper threads, under <paramref name="overrides"/>.</summary>
    public static Config NodeConfig(string host, int port, IReadOnlyCollection<string> roles, int mappers, Config? overrides = null)
    {
        var node = ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp.hostname = "{{host}}"
            akka.remote.dot-netty.tcp.port = {{port}}
            akka.cluster.roles = [{{string.Join(", ", roles.Select(r => $"\"{r}\""))}}]
            {{Dispatchers.Mapper}}.dedicated-thread-pool.thread-count = {{Math.Max(1, mappers)}}
            """);
        return (overrides ?? Config.Empty).WithFallback(node).WithFallback(RltkConfig.Cluster);
    }

    /// <summary>An actor system of the cluster (or a client of it), with TLS when <paramref name="tls"/> is given.</summary>
    public static ActorSystem CreateSystem(string name, Config config, TlsFiles? tls) =>
        tls is null
            ? ActorSystem.Create(name, config)
            : ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(TlsFiles.EnabledConfig.WithFallback(config)).And(tls.ToSetup()));

    /// <summary>Starts the scheduler actor, then makes this node the cluster's seed by joining itself.</summary>
    public static IActorRef StartScheduler(ActorSystem system, ILoggerFactory? logging = null)
    {
        var log = (logging ?? NullLoggerFactory.Instance).CreateLogger<SchedulerActor>();
        var deliveryTimeout = system.Settings.Config.GetTimeSpan("rltk.cluster.delivery-timeout");
        var scheduler = system.ActorOf(Props.Create<SchedulerActor>(log, deliveryTimeout), SchedulerActor.Name);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        return scheduler;
    }

    /// <summary>
    /// Starts <paramref name="mappers"/> mapper actors and their agent, under a supervisor that replaces
    /// an agent that fails; on a graceful stop the agent finishes the chunks it holds before the node
    /// leaves the cluster.
    /// </summary>
    public static IActorRef StartWorker(ActorSystem system, int mappers, ILoggerFactory? logging = null)
    {
        var log = (logging ?? NullLoggerFactory.Instance).CreateLogger<WorkerAgentActor>();
        var worker = system.ActorOf(
            Props.Create<WorkerSupervisorActor>(Props.Create<WorkerAgentActor>(mappers, Dispatchers.Mapper, log), log), WorkerSupervisorActor.Name);
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
        cluster.JoinSeedNodes([new Address(cluster.SelfAddress.Protocol, system.Settings.Config.GetString("rltk.cluster.system-name"), host, port)]);
    }
}
