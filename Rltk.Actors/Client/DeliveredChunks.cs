namespace Rltk.Actors.Client;

/// <summary>
/// The ids of the chunks a task has delivered, kept in memory bounded by the chunks in flight rather
/// than by the task's length: ids run 0, 1, 2…, so every id below a watermark is delivered and only
/// the few above it are remembered one by one.
/// </summary>
internal sealed class DeliveredChunks
{
    private readonly HashSet<long> _aboveWatermark = [];
    private long _watermark;

    public long Count { get; private set; }

    public bool Contains(long chunkId) => chunkId < _watermark || _aboveWatermark.Contains(chunkId);

    /// <summary>Records <paramref name="chunkId"/>; false when it was delivered before.</summary>
    public bool Add(long chunkId)
    {
        if (chunkId < _watermark || !_aboveWatermark.Add(chunkId))
        {
            return false;
        }

        Count++;
        while (_aboveWatermark.Remove(_watermark))
        {
            _watermark++;
        }

        return true;
    }
}
