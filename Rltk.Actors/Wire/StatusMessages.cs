using Rltk.Actors.Wire;

namespace Rltk.Actors;

/// <summary>Anyone to scheduler: how busy is the cluster? Answered with <see cref="SchedulerStatus"/>.</summary>
public sealed record GetSchedulerStatus : IWireMessage
{
    /// <summary>The one instance.</summary>
    public static readonly GetSchedulerStatus Instance = new();
}

/// <summary>The scheduler's workers, their mappers, its open tasks and their chunks waiting and running.</summary>
public sealed record SchedulerStatus(int Workers, int Mappers, int OpenTasks, int QueuedChunks, int RunningChunks) : IWireMessage;
