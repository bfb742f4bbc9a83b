using Akka.Actor;

namespace Rltk.Actors.Wire;

// What the scheduler and a worker's agent say to each other, and what a worker sends its clients.

/// <summary>Worker to scheduler: this worker runs <paramref name="Mappers"/> mappers and wants work. Answered with <see cref="WorkerRegistered"/>.</summary>
internal sealed record RegisterWorker(int Mappers) : IWireMessage;

/// <summary>Scheduler to worker: registered; the scheduler may send work from now on.</summary>
internal sealed record WorkerRegistered : IWireMessage
{
    public static readonly WorkerRegistered Instance = new();
}

/// <summary>Worker to scheduler: it is leaving; send nothing more, it finishes what it holds.</summary>
internal sealed record WorkerLeaving : IWireMessage
{
    public static readonly WorkerLeaving Instance = new();
}

/// <summary>Scheduler to worker, once per worker and file: a file's content, before the first task that needs it.</summary>
internal sealed record FileContent(string Hash, byte[] Content) : IWireMessage;

/// <summary>
/// Scheduler to worker, before the first chunk of a task it gives that worker: the session it belongs
/// to, the files it needs (their content sent before, once per worker), how to run its chunks and
/// where their results go, and the calls its client cancelled before opening it here. Sent once per worker and
/// task, so chunks stay small.
/// </summary>
internal sealed record TaskAssigned(
    Guid TaskId, Guid SessionId, HandlerSpec Handler, IReadOnlyList<SessionFile> Files, IActorRef Receiver, IReadOnlyList<long>? CancelledCalls = null)
    : IWireMessage;

/// <summary>
/// A chunk of a task the worker was told of by <see cref="TaskAssigned"/>, for it to run. A
/// <paramref name="Suspect"/> chunk was running when a worker died: run it watched.
/// </summary>
internal sealed record AssignChunk(Guid TaskId, ChunkKey Key, byte[] Inputs, SuspectRun? Suspect = null);

/// <summary>Scheduler to worker: chunks to run, as many as the worker has credit for at once.</summary>
internal sealed record AssignChunks(IReadOnlyList<AssignChunk> Chunks) : IWireMessage;

/// <summary>
/// How to run a chunk a worker held when it died: say when it starts (<see cref="InputStarting"/> with no
/// index, answered before it runs) and report it done at once, so that the scheduler can tell whether it was
/// running at a death. <paramref name="EachInput"/> once a worker died running it: also say which input is
/// about to run before running it, so that the scheduler can tell which input kills workers; and skip the
/// inputs of <paramref name="Skip"/>, which already did, reporting each as failed with the chunk's result
/// (the client learns of them with the rest of the chunk, never after it).
/// </summary>
internal sealed record SuspectRun(IReadOnlyList<SkippedInput> Skip, bool EachInput);

/// <summary>Input <paramref name="Index"/> of a chunk killed <paramref name="Workers"/> workers: it does not run again.</summary>
internal sealed record SkippedInput(int Index, int Workers);

/// <summary>
/// Worker to scheduler, for a suspect chunk: it is about to run on <paramref name="Worker"/> (the agent; the
/// message comes from an ask), or with an <paramref name="Index"/>, that input of it is. Answered with <see cref="InputNoted"/>.
/// </summary>
internal sealed record InputStarting(Guid TaskId, ChunkKey Key, int? Index, IActorRef Worker) : IWireMessage;

/// <summary>Scheduler to worker: the input about to run is noted; run it.</summary>
internal sealed record InputNoted : IWireMessage
{
    public static readonly InputNoted Instance = new();
}

/// <summary>
/// A chunk's result is on its way to its client; its mapper is free for another. Says how long mapping it took
/// (the scheduler sizes a worker's credit from it), how many of its inputs failed, and the first few failures as
/// text for the status (the scheduler opens no payload).
/// </summary>
internal sealed record ChunkDone(
    Guid TaskId, ChunkKey Key, TimeSpan Elapsed = default, int InputsFailed = 0, IReadOnlyList<FailureNote>? Failures = null);

/// <summary>Worker to scheduler: chunks done, as many as were done at once.</summary>
internal sealed record ChunksDone(IReadOnlyList<ChunkDone> Done) : IWireMessage;

/// <summary>A failure of user code as text: the input it failed on, and the exception's type and message.</summary>
internal sealed record FailureNote(string Input, string Error);

/// <summary>Worker to scheduler, every few seconds: its process's CPU (percent of one core) and memory.</summary>
internal sealed record WorkerStats(double CpuPercent, long MemoryBytes) : IWireMessage;

/// <summary>
/// Scheduler to worker, for a reduce task: in combining round <paramref name="Round"/>, take the contexts of
/// <paramref name="Children"/> workers, fold them with this worker's own, and send the result to
/// <paramref name="Parent"/> (another worker's agent), or, with no parent, to <paramref name="Client"/>.
/// </summary>
internal sealed record CombineRound(Guid TaskId, int Round, int Children, IActorRef? Parent, IActorRef Client) : IWireMessage;

/// <summary>Worker to worker: a child's combined context for round <paramref name="Round"/> of a reduce task.</summary>
internal sealed record ChildContext(Guid TaskId, int Round, bool HasValue, byte[] Value) : IWireMessage;

/// <summary>Scheduler to workers: a worker was lost during the round: drop what was combined; each keeps its own context.</summary>
internal sealed record AbortCombine(Guid TaskId, int Round) : IWireMessage;

/// <summary>Scheduler to workers: a task is over; mappers run its Exit and forget it.</summary>
internal sealed record TaskClosed(Guid TaskId) : IWireMessage;

/// <summary>Scheduler to workers: a client session is over; unload its code and delete its files.</summary>
internal sealed record SessionClosed(Guid SessionId) : IWireMessage;

/// <summary>
/// Worker to client: piece <paramref name="Piece"/> of <paramref name="Pieces"/> of one chunk's result: serialized
/// outputs, how many inputs they account for, and failures; the first piece says how long mapping the chunk
/// took. A result is cut into pieces only when it is too large for one message; the client confirms the
/// chunk once it has every piece.
/// </summary>
internal sealed record ChunkResult(
    Guid TaskId, ChunkKey Key, int Piece, int Pieces, TimeSpan Elapsed, byte[] Outputs, int InputCount, IReadOnlyList<RemoteFailure> Failures);

/// <summary>Worker to client: pieces of results, as many as were ready at once.</summary>
internal sealed record ChunkResults(IReadOnlyList<ChunkResult> Results) : IWireMessage;

/// <summary>
/// A failure of user code on a worker, as data: the serialized input, the exception's type (and its assembly),
/// message and stack; for an input that killed workers (<see cref="KilledWorkerException"/>), how many.
/// </summary>
internal sealed record RemoteFailure(
    FailureStage Stage, byte[]? Input, string ExceptionType, string ExceptionAssembly, string Message, string? StackTrace, int? KilledWorkers = null);
