namespace Rltk.Actors.Protocol;

// The messages between the feeder, the mappers and the result side (collector or reducers).
// They are the same whether a mapper runs in this process or on another machine: plain immutable
// data, batched so that every message carries a chunk of work rather than a single item.

/// <summary>
/// A chunk of inputs for one mapper. The mapper answers its sender with a <see cref="ResultChunk{TOut}"/>
/// of the same <paramref name="ChunkId"/>, so whoever sends the chunk chooses where its results go.
/// </summary>
public sealed record WorkChunk<TIn>(long ChunkId, IReadOnlyList<TIn> Inputs);

/// <summary>
/// What a mapper made of one <see cref="WorkChunk{TIn}"/>: the outputs of the inputs that succeeded
/// (empty when nobody collects them; one partial value when the mapper pre-reduces), the failures,
/// and how many inputs the chunk held.
/// </summary>
public sealed record ResultChunk<TOut>(
    long ChunkId, IReadOnlyList<TOut> Outputs, IReadOnlyList<TaskFailedException> Failures, int InputCount);

/// <summary>
/// End of input: the feeder has sent all its chunks, numbered 0 to <paramref name="ChunkCount"/> - 1.
/// A result actor that knows how many chunks to expect can tell when it has seen them all.
/// </summary>
public sealed record InputComplete(long ChunkCount)
{
    /// <summary>How many chunks result actor <paramref name="index"/> of <paramref name="count"/> receives: those whose id is <c>index</c> modulo <c>count</c>.</summary>
    public long ChunksFor(int index, int count) => ChunkCount / count + (index < ChunkCount % count ? 1 : 0);
}

/// <summary>
/// A reducer's final context, sent up the reducer tree once the reducer and its children are done.
/// <paramref name="HasValue"/> is false when no input reached this part of the tree.
/// </summary>
public sealed record ReducedContext<TOut>(bool HasValue, TOut Value);

/// <summary>
/// Progress of a run, as pyrallel reports it: tasks added by the producer, loaded by a mapper,
/// and processed all the way through the collector (or reducers).
/// </summary>
public readonly record struct Progress(long Added, long Loaded, long Processed);
