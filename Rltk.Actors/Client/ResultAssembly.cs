using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Puts a task's results back together as they arrive: a chunk may come as several parts (its inputs were
/// too large for one message), each part as several pieces (its outputs were), and any of them twice (a
/// chunk run again after its worker was lost). Memory is bounded by the chunks in flight: finished chunks
/// are remembered by <see cref="DeliveredChunks"/>' watermark.
/// </summary>
internal sealed class ResultAssembly<TPiece>
{
    private readonly DeliveredChunks _delivered = new();
    private readonly Dictionary<long, Chunk> _arriving = [];

    /// <summary>
    /// What one piece means: whether its part is whole (confirm it), whether this piece made it so (for the
    /// first time), and the chunk's pieces once the chunk is whole.
    /// </summary>
    public readonly record struct Arrival(bool PartComplete, bool CompletedNow, IReadOnlyList<TPiece>? Chunk);

    public Arrival Add(ChunkKey key, int piece, int pieces, TPiece value)
    {
        if (_delivered.Contains(key.Number))
        {
            return new Arrival(true, false, null); // a re-run of a chunk already delivered: confirm it, once more
        }

        if (!_arriving.TryGetValue(key.Number, out var chunk))
        {
            _arriving[key.Number] = chunk = new Chunk(key.Parts);
        }

        if (!chunk.Add(key.Part, piece, pieces, value, out var partComplete))
        {
            return new Arrival(partComplete, false, null);
        }

        if (!chunk.IsComplete)
        {
            return new Arrival(partComplete, partComplete, null);
        }

        _arriving.Remove(key.Number);
        _delivered.Add(key.Number);
        return new Arrival(true, true, chunk.Pieces);
    }

    private sealed class Chunk(int parts)
    {
        private readonly Dictionary<int, SortedDictionary<int, TPiece>> _pieces = [];
        private readonly Dictionary<int, int> _expected = [];
        private int _completeParts;

        public bool IsComplete => _completeParts == parts;

        public IReadOnlyList<TPiece> Pieces => _pieces.OrderBy(p => p.Key).SelectMany(p => p.Value.Values).ToArray();

        /// <summary>False when the piece came before; <paramref name="partComplete"/> whether its part is whole.</summary>
        public bool Add(int part, int piece, int pieces, TPiece value, out bool partComplete)
        {
            if (!_pieces.TryGetValue(part, out var received))
            {
                (_pieces[part], _expected[part]) = (received = [], pieces);
            }

            if (received.Count == _expected[part] || !received.TryAdd(piece, value))
            {
                partComplete = received.Count == _expected[part];
                return false;
            }

            partComplete = received.Count == _expected[part];
            if (partComplete)
            {
                _completeParts++;
            }

            return true;
        }
    }
}
