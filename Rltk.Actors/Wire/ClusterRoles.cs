namespace Rltk.Actors.Wire;

/// <summary>The names every node of a cluster agrees on: its roles, and where the scheduler actor is.</summary>
internal static class ClusterRoles
{
    public const string Scheduler = "scheduler";

    public const string Worker = "worker";

    /// <summary>The scheduler actor's name under <c>/user</c> on the scheduler's node: clients and workers look it up there.</summary>
    public const string SchedulerActorName = "scheduler";
}
