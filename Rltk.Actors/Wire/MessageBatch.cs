namespace Rltk.Actors.Wire;

/// <summary>
/// Messages an actor holds back while it works through its mailbox, to send together, per destination. The actor
/// tells itself to flush when it holds the first: everything already in its mailbox comes before the flush, so
/// under load many go in one message, and a lone one waits for nothing but what was already there. A batch carries
/// at most <paramref name="maxBytes"/> of payload (one larger item goes alone) and <see cref="MaxItems"/> items.
/// </summary>
internal sealed class MessageBatch<TDestination, TItem>(long maxBytes, Func<TItem, long> bytesOf)
    where TDestination : notnull
{
    public const int MaxItems = 1024;

    private Dictionary<TDestination, List<TItem>> _held = [];

    public bool IsEmpty => _held.Count == 0;

    /// <summary>Holds <paramref name="item"/> for <paramref name="to"/>; true when it is the first held since the last flush (tell yourself to flush).</summary>
    public bool Hold(TDestination to, TItem item)
    {
        var first = _held.Count == 0;
        if (!_held.TryGetValue(to, out var items))
        {
            _held[to] = items = [];
        }

        items.Add(item);
        return first;
    }

    /// <summary>Everything held, as batches by destination in the order held; nothing is held after.</summary>
    public IEnumerable<(TDestination To, IReadOnlyList<TItem> Items)> Take()
    {
        var held = _held;
        _held = [];
        return Batches(held);
    }

    private IEnumerable<(TDestination To, IReadOnlyList<TItem> Items)> Batches(Dictionary<TDestination, List<TItem>> held)
    {
        foreach (var (to, items) in held)
        {
            var (batch, bytes) = (new List<TItem>(), 0L);
            foreach (var item in items)
            {
                var size = bytesOf(item);
                if (batch.Count > 0 && (bytes + size > maxBytes || batch.Count == MaxItems))
                {
                    yield return (to, batch);
                    (batch, bytes) = ([], 0L);
                }

                batch.Add(item);
                bytes += size;
            }

            yield return (to, batch);
        }
    }
}

/// <summary>Self-message of an actor with a <see cref="MessageBatch{TDestination,TItem}"/>: send what is held.</summary>
internal sealed record FlushBatches
{
    public static readonly FlushBatches Instance = new();
}
