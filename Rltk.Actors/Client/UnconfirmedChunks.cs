using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// The chunk parts a task's receiver sent whose results have not all arrived: what a lost scheduler took
/// with it, to submit again where the task is opened anew. Bounded by the chunks the task may have in flight.
/// </summary>
internal sealed class UnconfirmedChunks
{
    private readonly Dictionary<ChunkKey, SubmitChunk> _sent = [];

    public int Count => _sent.Count;

    public void Sent(SubmitChunk chunk) => _sent[chunk.Key] = chunk;

    /// <summary>The results of <paramref name="key"/> have all arrived, from whichever cluster.</summary>
    public void Confirmed(ChunkKey key) => _sent.Remove(key);

    /// <summary>Every unconfirmed part, in the order the chunks were made.</summary>
    public IEnumerable<SubmitChunk> InOrder() => _sent.Values.OrderBy(chunk => chunk.Key.Number).ThenBy(chunk => chunk.Key.Part).ToArray();
}
