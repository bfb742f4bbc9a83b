using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>The scheduler's role on its node.</summary>
internal static class SchedulerNode
{
    /// <summary>Starts the scheduler actor, then makes this node the cluster's seed by joining itself.</summary>
    public static IActorRef Start(ActorSystem system, ILoggerFactory logging)
    {
        var settings = ClusterSettings.Create(system.Settings.Config);
        var scheduler = system.ActorOf(
            Props.Create<SchedulerActor>(logging.CreateLogger<SchedulerActor>(), settings.DeliveryTimeout, settings.AllowedFailures, settings.Messages.ChunkBytes), ClusterRoles.SchedulerActorName);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        return scheduler;
    }
}
