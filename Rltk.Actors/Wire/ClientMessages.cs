using Akka.Actor;

namespace Rltk.Actors.Wire;

// What a client (Remote, RemoteTask) says to the scheduler, and the scheduler's answers. User inputs
// travel as bytes, serialized once by the client and read once by a worker: the scheduler routes them
// without opening them.

/// <summary>Client to scheduler: a client session begins; it ends when <paramref name="Client"/> stops or with <see cref="CloseSession"/>.</summary>
internal sealed record OpenSession(Guid SessionId, IActorRef Client) : IWireMessage;

/// <summary>Scheduler to client: the session is open.</summary>
internal sealed record SessionOpened(Guid SessionId) : IWireMessage;

/// <summary>Client to scheduler: a file of the session, kept by the scheduler as bytes until the session ends.</summary>
internal sealed record UploadFile(Guid SessionId, SessionFile File, byte[] Content) : IWireMessage;

/// <summary>Scheduler to client: the file is kept; tasks may name it.</summary>
internal sealed record FileUploaded(string Hash) : IWireMessage;

/// <summary>Scheduler to client: the file is not kept (no such session, or content that does not match its hash).</summary>
internal sealed record UploadRefused(string Hash, string Reason) : IWireMessage;

/// <summary>Client to scheduler: the session is over; its tasks close, and workers unload its code and delete its files.</summary>
internal sealed record CloseSession(Guid SessionId) : IWireMessage;

/// <summary>
/// Client to scheduler: a task of a session begins, needing <paramref name="Files"/>. Its results go to
/// <paramref name="Receiver"/>, which also sends its chunks: the scheduler knows it as the task's client, and
/// watches it. <paramref name="Name"/> says what it runs, for people reading the status. A call stream opened
/// again after its scheduler was lost names the <paramref name="CancelledCalls"/> among the chunks it submits again.
/// </summary>
internal sealed record OpenTask(
    Guid TaskId, Guid SessionId, string Name, HandlerSpec Handler, IReadOnlyList<SessionFile> Files, IActorRef Receiver,
    IReadOnlyList<long>? CancelledCalls = null)
    : IWireMessage;

/// <summary>Scheduler to client: the task is open, chunks may come.</summary>
internal sealed record TaskOpened(Guid TaskId) : IWireMessage;

/// <summary>Scheduler to client: the task cannot open, and why.</summary>
internal sealed record TaskRefused(Guid TaskId, string Reason) : IWireMessage;

/// <summary>A chunk (or a part of one) of <paramref name="InputCount"/> serialized inputs to run, as the client submits it.</summary>
internal sealed record SubmitChunk(Guid TaskId, ChunkKey Key, byte[] Inputs, int InputCount);

/// <summary>Client to scheduler: chunks to run, as many as the client had ready at once.</summary>
internal sealed record SubmitChunks(IReadOnlyList<SubmitChunk> Chunks) : IWireMessage;

/// <summary>Client to scheduler: the whole results of these chunks (parts) of a task have arrived; they need never run again.</summary>
internal sealed record ChunksDelivered(Guid TaskId, IReadOnlyList<ChunkKey> Keys) : IWireMessage;

/// <summary>Client to scheduler, and on to the workers that run the task: these calls of a call stream are cancelled; do not run them.</summary>
internal sealed record CancelCalls(Guid TaskId, IReadOnlyList<long> CallIds) : IWireMessage;

/// <summary>
/// Client to scheduler, for a <see cref="HandlerKind.Reduce"/> task: every chunk has been folded on a worker (the
/// client has them all); combine the workers' contexts, and send the value to the client.
/// </summary>
internal sealed record CombineContexts(Guid TaskId) : IWireMessage;

/// <summary>
/// Worker to client: the value of a reduce task, combined up the tree of its workers' contexts
/// (<paramref name="HasValue"/> false when no input reached any worker).
/// </summary>
internal sealed record TaskReduced(Guid TaskId, bool HasValue, byte[] Value) : IWireMessage;

/// <summary>Worker to client: combining a reduce task's contexts failed in the user's reducer.</summary>
internal sealed record CombineFailed(Guid TaskId, RemoteFailure Failure) : IWireMessage;

/// <summary>Client to scheduler: the task is over (done, failed or cancelled); drop what is left of it.</summary>
internal sealed record CloseTask(Guid TaskId) : IWireMessage;

/// <summary>
/// Scheduler to client: a chunk's result, sent twice by workers, never arrived within the delivery
/// timeout; the task is closed. Workers most likely cannot open a connection to the client.
/// </summary>
internal sealed record ResultsUndelivered(Guid TaskId, ChunkKey Key, string Worker, TimeSpan Timeout) : IWireMessage;

/// <summary>
/// Scheduler to client: chunk <paramref name="Key"/> was running on each of <paramref name="Workers"/> workers
/// when it died (rltk.cluster.allowed-failures) before any one of its inputs could be named; it will not run
/// again, and this stands for its result. (An input named as the killer is reported with its chunk's result.)
/// </summary>
internal sealed record ChunkKilledWorkers(Guid TaskId, ChunkKey Key, int Workers) : IWireMessage;
