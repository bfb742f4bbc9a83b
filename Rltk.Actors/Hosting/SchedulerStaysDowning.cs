using Akka.Actor;
using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;
using Rltk.Actors.Worker;

namespace Rltk.Actors.Hosting;

/// <summary>
/// How an Rltk cluster downs its members (<c>akka.cluster.downing-provider-class</c>): the scheduler is the
/// centre of a star and always stays. The scheduler's node downs any member that stays unreachable, as any
/// member sees it (<see cref="SchedulerDowningActor"/>); a worker's node downs itself when it cannot hear its
/// scheduler (<see cref="WorkerDowningActor"/>); both after <c>rltk.cluster.down-unreachable-after</c>.
/// Akka's split-brain resolver downs both ends of a link that fails while each end still reaches a third
/// node: one worker cut off from the scheduler took the scheduler down with it.
/// </summary>
internal sealed class SchedulerStaysDowning(ActorSystem system, Akka.Cluster.Cluster cluster) : Akka.Cluster.IDowningProvider
{
    private readonly TimeSpan _after = ClusterSettings.Create(system.Settings.Config).DownUnreachableAfter;

    public TimeSpan DownRemovalMargin => _after;

    public Props DowningActorProps => cluster.SelfRoles.Contains(ClusterRoles.Scheduler)
        ? Props.Create(() => new SchedulerDowningActor(_after))
        : Props.Create(() => new WorkerDowningActor(_after));
}
