using Akka.Actor;

namespace Rltk.Actors.Protocol;

// The cluster mode's messages between the client, the scheduler and the workers. User inputs and
// outputs travel as bytes, serialized once by their sender and deserialized once by their receiver:
// the scheduler routes them without opening them, and results go from a worker straight to the client.

/// <summary>
/// How a worker makes a task's mapper: the user's delegate, shipped as the method it calls and its
/// serialized target (null for a static method). The delegate is either the mapper itself
/// (<c>Func&lt;TIn,TOut&gt;</c>) or, when <paramref name="IsMapperFactory"/>, a factory of <c>Mapper&lt;TIn,TOut&gt;</c>.
/// </summary>
public sealed record HandlerSpec(
    string InputType, string OutputType, string DeclaringType, int MethodToken, byte[]? Target, bool IsMapperFactory);

/// <summary>Client to scheduler: a task begins; its results go to <paramref name="Session"/>.</summary>
public sealed record OpenTask(Guid TaskId, HandlerSpec Handler, IActorRef Session);

/// <summary>Scheduler to client: the task is open, chunks may come.</summary>
public sealed record TaskOpened(Guid TaskId);

/// <summary>Client to scheduler: a chunk of serialized inputs to run.</summary>
public sealed record SubmitChunk(Guid TaskId, long ChunkId, byte[] Inputs);

/// <summary>Client to scheduler: the task is over (done, failed or cancelled); drop what is left of it.</summary>
public sealed record CloseTask(Guid TaskId);

/// <summary>Worker to scheduler: this worker runs <paramref name="Capacity"/> mappers and wants work.</summary>
public sealed record RegisterWorker(int Capacity);

/// <summary>Worker to scheduler: it is leaving; send nothing more, it finishes what it holds.</summary>
public sealed record WorkerLeaving;

/// <summary>
/// Scheduler to worker, before the first chunk of a task it gives that worker: how to run the task's
/// chunks and where their results go. Sent once per worker and task, so chunks stay small.
/// </summary>
public sealed record TaskAssigned(Guid TaskId, HandlerSpec Handler, IActorRef Session);

/// <summary>Scheduler to worker: run this chunk of a task the worker was told of by <see cref="TaskAssigned"/>.</summary>
public sealed record AssignChunk(Guid TaskId, long ChunkId, byte[] Inputs);

/// <summary>Worker to scheduler: a chunk's result has been sent to its client; the mapper is free for another.</summary>
public sealed record ChunkDone(Guid TaskId, long ChunkId);

/// <summary>Client to scheduler: the result of this chunk has arrived; it need never run again.</summary>
public sealed record ChunkDelivered(Guid TaskId, long ChunkId);

/// <summary>
/// Scheduler to client: a chunk's result, sent twice by workers, never arrived within the delivery
/// timeout; the task is closed. Workers most likely cannot open a connection to the client.
/// </summary>
public sealed record ResultsUndelivered(Guid TaskId, long ChunkId, string Worker, TimeSpan Timeout);

/// <summary>Scheduler to workers: a task is over; mappers run its Exit and forget it.</summary>
public sealed record TaskClosed(Guid TaskId);

/// <summary>Worker to client: the serialized outputs of one chunk and the failures of its inputs.</summary>
public sealed record ChunkResult(Guid TaskId, long ChunkId, byte[] Outputs, int InputCount, IReadOnlyList<RemoteFailure> Failures);

/// <summary>A failure of user code on a worker, as data: the serialized input, the exception's type, message and stack.</summary>
public sealed record RemoteFailure(FailureStage Stage, byte[]? Input, string ExceptionType, string Message, string? StackTrace);

/// <summary>Anyone to scheduler: how busy is the cluster? Answered with <see cref="SchedulerStatus"/>.</summary>
public sealed record GetSchedulerStatus
{
    /// <summary>The one instance.</summary>
    public static readonly GetSchedulerStatus Instance = new();
}

/// <summary>The scheduler's workers, their mappers, its open tasks and their chunks waiting and running.</summary>
public sealed record SchedulerStatus(int Workers, int Mappers, int OpenTasks, int QueuedChunks, int RunningChunks);
