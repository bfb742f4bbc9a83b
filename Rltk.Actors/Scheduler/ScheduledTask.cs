using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>An open task as the scheduler keeps it: what its workers need to run it, and its chunks not yet given to a worker.</summary>
internal sealed class ScheduledTask(OpenTask open)
{
    public Guid Id { get; } = open.TaskId;

    public Guid SessionId { get; } = open.SessionId;

    public IReadOnlyList<SessionFile> Files { get; } = open.Files;

    /// <summary>The task's client: it sends the chunks, receives the results and confirms them.</summary>
    public IActorRef Receiver { get; } = open.Receiver;

    /// <summary>What a worker is told before the task's first chunk it runs.</summary>
    public TaskAssigned Assignment { get; } = new(open.TaskId, open.SessionId, open.Handler, open.Files, open.Receiver);

    public LinkedList<ScheduledChunk> Pending { get; } = new();
}
