using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AkkaRemoteOptions = Akka.Remote.Hosting.RemoteOptions;
using Akka.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;
using Rltk.Actors.Worker;

namespace Rltk.Actors.Hosting;

/// <summary>
/// The one way every node of an Rltk cluster starts, on an Akka.Hosting builder: what
/// <c>Rltk.Scheduler.Host</c> and <c>Rltk.Worker.Host</c> are made of, and the embedded cluster of
/// <c>new Remote()</c>, its client and the test clusters too; for anyone who would rather host a role in
/// a service of their own.
/// </summary>
public static class RltkHostingExtensions
{
    /// <summary>The actor system name every node of an Rltk cluster shares (<c>rltk.cluster.system-name</c>).</summary>
    public static string SystemName(Config? overrides = null) => ClusterSettings.Create(overrides).SystemName;

    /// <summary>The port a scheduler listens on unless told otherwise (<c>rltk.cluster.default-port</c>, 8786 as dask's).</summary>
    public static int DefaultPort(Config? overrides = null) => ClusterSettings.Create(overrides).DefaultPort;

    /// <summary>
    /// Makes this node the cluster's seed and runs the scheduler, listening on <paramref name="host"/>:<paramref name="port"/>;
    /// over TLS with <paramref name="tls"/> if given; <paramref name="overrides"/> over <c>hocon/cluster.conf</c>.
    /// </summary>
    public static AkkaConfigurationBuilder WithRltkScheduler(
        this AkkaConfigurationBuilder builder, string host, int port, TlsFiles? tls = null, Config? overrides = null) =>
        builder
            // A name is resolved once, here: the scheduler listens and advertises as the address workers and clients reach.
            .WithRltkNode(new NodeSettings(Addresses.Canonical(host), port, [ClusterRoles.Scheduler]) { Tls = tls, Overrides = overrides ?? Config.Empty })
            .WithActors((system, registry, resolver) => registry.Register<SchedulerActor>(SchedulerNode.Start(system, LoggingOf(resolver))));

    /// <summary>
    /// Runs <paramref name="mappers"/> mapper actors on a dispatcher of as many threads, joins the
    /// scheduler at <paramref name="schedulerHost"/>:<paramref name="schedulerPort"/> and offers them to it.
    /// This node listens on <paramref name="port"/> (0: any free port) at <paramref name="host"/>
    /// (null: the address this machine reaches the scheduler from). Host names are resolved first (IPv4
    /// preferred). When the scheduler leaves, is removed or stays unreachable, the node shuts down
    /// (<c>WorkerNode.SchedulerLostReason</c>): a node joins one cluster only, so whoever hosts it starts a
    /// fresh one to join the next scheduler, as <c>Rltk.Worker.Host</c> does. A host that owns its process
    /// passes <paramref name="endProcess"/>, called when a mapper is still in a chunk of a task
    /// <c>rltk.cluster.closed-task-grace</c> after it closed: a thread stuck in user code cannot be stopped.
    /// </summary>
    public static AkkaConfigurationBuilder WithRltkWorker(
        this AkkaConfigurationBuilder builder, string schedulerHost, int schedulerPort, int mappers,
        string? host = null, int port = 0, TlsFiles? tls = null, Config? overrides = null, Action? endProcess = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mappers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mappers, Dispatchers.MaxMappers);
        // One address for the scheduler, the one it advertises: Akka drops messages sent to any other name of it.
        schedulerHost = Addresses.Canonical(schedulerHost);
        host = host is null ? Addresses.LocalAddressTowards(schedulerHost, schedulerPort) : Addresses.Canonical(host);
        return builder
            .WithRltkNode(new NodeSettings(host, port, [ClusterRoles.Worker]) { Mappers = mappers, Tls = tls, Overrides = overrides ?? Config.Empty })
            .WithActors((system, registry, resolver) =>
            {
                registry.Register<WorkerNode>(WorkerNode.Start(system, mappers, LoggingOf(resolver), endProcess));
                WorkerNode.JoinScheduler(system, schedulerHost, schedulerPort);
            });
    }

    /// <summary>A whole cluster on one node, on 127.0.0.1 and a free port: the scheduler and <paramref name="mappers"/> mappers.</summary>
    internal static AkkaConfigurationBuilder WithRltkEmbeddedCluster(this AkkaConfigurationBuilder builder, int mappers, TlsFiles? tls, Config overrides) =>
        builder
            .WithRltkNode(new NodeSettings("127.0.0.1", 0, [ClusterRoles.Scheduler, ClusterRoles.Worker]) { Mappers = mappers, Tls = tls, Overrides = overrides })
            .WithActors((system, registry, resolver) =>
            {
                var logging = LoggingOf(resolver);
                registry.Register<SchedulerActor>(SchedulerNode.Start(system, logging));
                registry.Register<WorkerNode>(WorkerNode.Start(system, mappers, logging));
            });

    /// <summary>A client of a cluster (Remote, RemoteTask): Akka.Remote without joining the cluster, listening on <paramref name="host"/> at a free port.</summary>
    internal static AkkaConfigurationBuilder WithRltkClient(this AkkaConfigurationBuilder builder, string host, TlsFiles? tls, Config overrides) =>
        builder.WithRltkNode(new NodeSettings(host, 0, []) { Tls = tls, Overrides = overrides });

    /// <summary>What every node shares: its configuration, remoting (with TLS), the serializer of the protocol, and logging through Microsoft.Extensions.Logging.</summary>
    internal static AkkaConfigurationBuilder WithRltkNode(this AkkaConfigurationBuilder builder, NodeSettings node) =>
        builder
            .AddHocon(node.ToConfig(), HoconAddMode.Prepend)
            .WithRemoting(new AkkaRemoteOptions
            {
                HostName = node.Host,
                Port = node.Port,
                EnableSsl = node.Tls is not null,
                Ssl = node.Tls?.Load() ?? new SslOptions(),
            })
            .WithActorRefProvider(node.IsClusterMember ? ProviderSelection.Cluster.Instance : ProviderSelection.Remote.Instance)
            // Protocol messages only: user payloads inside them are already bytes (see PayloadSerializer).
            .WithCustomSerializer("hyperion", [typeof(IWireMessage)], system => new HyperionSerializer(system))
            .WithCustomSerializer("rltk-batches", BatchSerializer.Types, system => new BatchSerializer(system))
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogForwarder>();
            });

    private static ILoggerFactory LoggingOf(Akka.DependencyInjection.IDependencyResolver resolver) =>
        resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
