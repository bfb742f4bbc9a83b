using Akka.Actor;

namespace Rltk.Actors.Protocol;

// The cluster mode's messages between the client, the scheduler and the workers. User inputs and
// outputs travel as bytes, serialized once by their sender and deserialized once by their receiver:
// the scheduler routes them without opening them, and results go from a worker straight to the client.

/// <summary>What the user's delegate is: the mapper itself, a factory of mapper classes, or one call of <c>Remote.SubmitAsync</c>.</summary>
public enum HandlerKind
{
    /// <summary>A <c>Func&lt;TIn,TOut&gt;</c> run for each input.</summary>
    Function,

    /// <summary>A <c>Func&lt;Mapper&lt;TIn,TOut&gt;&gt;</c>: each worker mapper makes one, enters it, runs it, exits it.</summary>
    MapperFactory,

    /// <summary>A <c>Func&lt;TOut&gt;</c> called once for the task's one input, which it ignores.</summary>
    Call,
}

/// <summary>
/// How a worker makes a task's mapper: the user's delegate, shipped as the method it calls and its
/// serialized target (null for a static method). Type names are resolved on the worker in the
/// assemblies the client's session shipped.
/// </summary>
public sealed record HandlerSpec(
    string InputType, string OutputType, string DeclaringType, int MethodToken, byte[]? Target, HandlerKind Kind);

/// <summary>What a file shipped to the workers is for.</summary>
public enum SessionFileKind
{
    /// <summary>An assembly the handlers need; loaded into the session's own load context.</summary>
    Assembly,

    /// <summary>A file given to <c>Remote.AddDependencies</c>, placed in the session's folder.</summary>
    Dependency,

    /// <summary>A value given to <c>Remote.Scatter</c>, serialized; read through its handle.</summary>
    Scattered,
}

/// <summary>
/// A file of a client session, named by the SHA-256 of its content (lower-case hex). For an assembly,
/// <paramref name="ModuleVersionId"/> lets a worker that already runs that very build use its own copy.
/// </summary>
public sealed record SessionFile(string Name, SessionFileKind Kind, string Hash, Guid ModuleVersionId)
{
    /// <summary>The name a file's <paramref name="content"/> goes by: its SHA-256, lower-case hex.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}

/// <summary>Client to scheduler: a client session begins; it ends when <paramref name="Client"/> stops or with <see cref="CloseSession"/>.</summary>
public sealed record OpenSession(Guid SessionId, IActorRef Client);

/// <summary>Scheduler to client: the session is open.</summary>
public sealed record SessionOpened(Guid SessionId);

/// <summary>Client to scheduler: a file of the session, kept by the scheduler as bytes until the session ends.</summary>
public sealed record UploadFile(Guid SessionId, SessionFile File, byte[] Content);

/// <summary>Scheduler to client: the file is kept; tasks may name it.</summary>
public sealed record FileUploaded(string Hash);

/// <summary>Scheduler to client: the file is not kept (no such session, or content that does not match its hash).</summary>
public sealed record UploadRefused(string Hash, string Reason);

/// <summary>Client to scheduler: the session is over; its tasks close, and workers unload its code and delete its files.</summary>
public sealed record CloseSession(Guid SessionId);

/// <summary>Client to scheduler: a task of a session begins, needing <paramref name="Files"/>; its results go to <paramref name="Results"/>.</summary>
public sealed record OpenTask(Guid TaskId, Guid SessionId, HandlerSpec Handler, IReadOnlyList<SessionFile> Files, IActorRef Results);

/// <summary>Scheduler to client: the task is open, chunks may come.</summary>
public sealed record TaskOpened(Guid TaskId);

/// <summary>Scheduler to client: the task cannot open, and why.</summary>
public sealed record TaskRefused(Guid TaskId, string Reason);

/// <summary>Scheduler to worker, once per worker and file: a file's content, before the first task that needs it.</summary>
public sealed record FileContent(string Hash, byte[] Content);

/// <summary>Scheduler to workers: a client session is over; unload its code and delete its files.</summary>
public sealed record SessionClosed(Guid SessionId);

/// <summary>Client to scheduler: a chunk of serialized inputs to run.</summary>
public sealed record SubmitChunk(Guid TaskId, long ChunkId, byte[] Inputs);

/// <summary>Client to scheduler: the task is over (done, failed or cancelled); drop what is left of it.</summary>
public sealed record CloseTask(Guid TaskId);

/// <summary>Worker to scheduler: this worker runs <paramref name="Capacity"/> mappers and wants work.</summary>
public sealed record RegisterWorker(int Capacity);

/// <summary>Worker to scheduler: it is leaving; send nothing more, it finishes what it holds.</summary>
public sealed record WorkerLeaving;

/// <summary>
/// Scheduler to worker, before the first chunk of a task it gives that worker: the session it belongs
/// to, the files it needs (their content sent before, once per worker), how to run its chunks and
/// where their results go. Sent once per worker and task, so chunks stay small.
/// </summary>
public sealed record TaskAssigned(Guid TaskId, Guid SessionId, HandlerSpec Handler, IReadOnlyList<SessionFile> Files, IActorRef Results);

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
