using Akka.Actor;
using Akka.Hosting;
using Rltk.Actors;
using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>The cluster's status, asked of the scheduler actor in this process.</summary>
internal static class SchedulerStatus
{
    /// <summary>How long the scheduler may take to answer before the dashboard says it does not.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <exception cref="AskTimeoutException">The scheduler did not answer within <see cref="AnswerTimeout"/>.</exception>
    public static Task<ClusterStatus> AskAsync(IReadOnlyActorRegistry registry, CancellationToken cancellationToken) =>
        registry.Get<SchedulerActor>().Ask<ClusterStatus>(GetClusterStatus.Instance, AnswerTimeout, cancellationToken);
}
