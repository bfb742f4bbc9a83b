using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// An open task as the scheduler keeps it: what its workers need to run it, its chunks not yet given to a
/// worker, and its counts for the status.
/// </summary>
internal sealed class ScheduledTask(OpenTask open, DateTimeOffset openedAt)
{
    public Guid Id { get; } = open.TaskId;

    public string Name { get; } = open.Name;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public long InputsSubmitted { get; set; }

    /// <summary>Inputs whose result reached the client, failed ones included.</summary>
    public long InputsCompleted { get; set; }

    public long InputsFailed { get; set; }

    /// <summary>Inputs completed per second, for the task's rate.</summary>
    public Throughput Completions { get; } = new(seconds: 11);

    public Guid SessionId { get; } = open.SessionId;

    public IReadOnlyList<SessionFile> Files { get; } = open.Files;

    /// <summary>The task's client: it sends the chunks, receives the results and confirms them.</summary>
    public IActorRef Receiver { get; } = open.Receiver;

    private readonly HandlerSpec _handler = open.Handler;

    // Calls of a call stream its client cancelled while their chunks may still run: a worker told of the task later skips them too.
    private readonly HashSet<long> _cancelledCalls = [.. open.CancelledCalls ?? []];

    /// <summary>What a worker is told before the task's first chunk it runs, with the calls cancelled so far.</summary>
    public TaskAssigned Assignment => new(Id, SessionId, _handler, Files, Receiver, _cancelledCalls.Count > 0 ? [.. _cancelledCalls] : null);

    public void CancelCalls(IEnumerable<long> callIds) => _cancelledCalls.UnionWith(callIds);

    /// <summary>Once every input submitted has its result at the client, no cancelled call is left to skip.</summary>
    public void ForgetCancelledCallsIfAllCompleted()
    {
        if (InputsCompleted >= InputsSubmitted)
        {
            _cancelledCalls.Clear();
        }
    }

    public LinkedList<ScheduledChunk> Pending { get; } = new();

    /// <summary>For a reduce task: its combining up the tree of the workers that folded its chunks.</summary>
    public ReduceCombine? Combine { get; } = open.Handler.Kind == HandlerKind.Reduce ? new ReduceCombine() : null;
}
