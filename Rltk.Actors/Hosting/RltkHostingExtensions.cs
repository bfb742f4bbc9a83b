using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Cluster;

namespace Rltk.Actors.Hosting;

/// <summary>
/// Runs a cluster role in an Akka.Hosting actor system: what <c>Rltk.Scheduler.Host</c> and
/// <c>Rltk.Worker.Host</c> are made of, for anyone who would rather host a role in a service of their own.
/// </summary>
public static class RltkHostingExtensions
{
    /// <summary>The actor system name every node of an Rltk cluster shares (<c>rltk.cluster.system-name</c>).</summary>
    public static string SystemName(Config? overrides = null) =>
        (overrides ?? Config.Empty).WithFallback(Configuration.RltkConfig.Cluster).GetString("rltk.cluster.system-name");

    /// <summary>
    /// Runs every connection of this node over TLS with the certificates of <paramref name="tls"/>; every
    /// node and client of the cluster must then use certificates signed by the same CA.
    /// </summary>
    public static AkkaConfigurationBuilder WithRltkTls(this AkkaConfigurationBuilder builder, TlsFiles tls) =>
        builder.AddHocon(TlsFiles.EnabledConfig, HoconAddMode.Prepend).AddSetup(tls.ToSetup());

    /// <summary>Makes this node the cluster's seed and runs the scheduler, listening on <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static AkkaConfigurationBuilder WithRltkScheduler(
        this AkkaConfigurationBuilder builder, string host, int port, Config? overrides = null) =>
        builder
            .AddHocon(ClusterNode.NodeConfig(host, port, [SchedulerActor.Role], mappers: 1, overrides), HoconAddMode.Prepend)
            .WithActors((system, _, resolver) => ClusterNode.StartScheduler(system, resolver.GetService<ILoggerFactory>()));

    /// <summary>
    /// Runs <paramref name="mappers"/> mapper actors on a dispatcher of as many threads, joins the
    /// scheduler at <paramref name="schedulerHost"/>:<paramref name="schedulerPort"/> and offers them to it.
    /// This node listens on <paramref name="port"/> (0: any free port) at <paramref name="host"/>
    /// (null: the address this machine reaches the scheduler from).
    /// </summary>
    public static AkkaConfigurationBuilder WithRltkWorker(
        this AkkaConfigurationBuilder builder, string schedulerHost, int schedulerPort, int mappers,
        string? host = null, int port = 0, Config? overrides = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mappers);
        host ??= Reachability.LocalAddressTowards(schedulerHost, schedulerPort);
        return builder
            .AddHocon(ClusterNode.NodeConfig(host, port, [ClusterNode.WorkerRole], mappers, overrides), HoconAddMode.Prepend)
            .WithActors((system, _, resolver) =>
            {
                ClusterNode.StartWorker(system, mappers, resolver.GetService<ILoggerFactory>());
                ClusterNode.JoinScheduler(system, schedulerHost, schedulerPort);
            });
    }
}
