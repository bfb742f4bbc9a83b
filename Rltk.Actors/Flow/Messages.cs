namespace Rltk.Actors.Flow;

// The messages between the feeder, the mappers and the result side (collector or reducers) of a run
// in this process. A run on a cluster carries the same chunks as bytes (Wire), and its client turns
// each result back into a ResultChunk for the same collector.

/// <summary>
/// A chunk of inputs for one mapper. The mapper answers its sender with a <see cref="ResultChunk{TOut}"/>
/// of the same <paramref name="ChunkId"/>, so whoever sends the chunk chooses where its results go.
/// </summary>
internal sealed record WorkChunk<TIn>(long ChunkId, IReadOnlyList<TIn> Inputs);

/// <summary>
/// What a mapper made of one <see cref="WorkChunk{TIn}"/>: the outputs of the inputs that succeeded
/// (empty when nobody collects them; one partial value when the mapper pre-reduces), the failures,
/// and how many inputs the chunk held.
/// </summary>
internal sealed record ResultChunk<TOut>(
    long ChunkId, IReadOnlyList<TOut> Outputs, IReadOnlyList<TaskFailedException> Failures, int InputCount);

/// <summary>
/// End of input: the feeder has sent all its chunks, numbered 0 to <paramref name="ChunkCount"/> - 1.
/// A result actor that knows how many chunks to expect can tell when it has seen them all.
/// </summary>
internal sealed record InputComplete(long ChunkCount)
{
    /// <summary>How many chunks result actor <paramref name="index"/> of <paramref name="count"/> receives: those whose id is <c>index</c> modulo <c>count</c>.</summary>
    public long ChunksFor(int index, int count) => ChunkCount / count + (index < ChunkCount % count ? 1 : 0);
}
