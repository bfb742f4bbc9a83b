namespace Rltk.Actors.Worker;

/// <summary>
/// A worker's mappers and the chunks waiting for one: chunks go to idle mappers in the order they came,
/// one or a run of several to a mapper; a mapper that finishes its run is idle again. Chunks of a closed
/// task that no mapper has started can be taken back.
/// </summary>
internal sealed class MapperQueue<TMapper, TWork>(Func<TWork, Guid> taskOf, Func<TWork, bool> runsAlone)
{
    private readonly Queue<TMapper> _idle = new();
    private readonly Queue<TWork> _waiting = new();
    private int _mappers;
    private int _running;

    /// <summary>No chunk waiting, every mapper idle.</summary>
    public bool IsIdle => _waiting.Count == 0 && _idle.Count == _mappers;

    /// <summary>Chunks waiting or running.</summary>
    public int InHand => _waiting.Count + _running;

    public void AddMapper(TMapper mapper)
    {
        _idle.Enqueue(mapper);
        _mappers++;
    }

    public void Add(TWork work) => _waiting.Enqueue(work);

    /// <summary>A mapper finished its run of <paramref name="chunks"/> chunks.</summary>
    public void Freed(TMapper mapper, int chunks = 1)
    {
        _running -= chunks;
        _idle.Enqueue(mapper);
    }

    /// <summary>
    /// Gives idle mappers the waiting chunks, as long as there are both: to each a run of chunks of one task, up
    /// to the <paramref name="runLength"/> of its first chunk (one when none is given), shared evenly among the
    /// idle mappers; a chunk that runs alone goes alone.
    /// </summary>
    public IEnumerable<(TMapper Mapper, IReadOnlyList<TWork> Works)> HandOut(Func<TWork, int>? runLength = null)
    {
        while (_waiting.Count > 0 && _idle.Count > 0)
        {
            var first = _waiting.Dequeue();
            var share = Math.Clamp((_waiting.Count + _idle.Count) / _idle.Count, 1, runLength?.Invoke(first) ?? 1);
            var works = new List<TWork> { first };
            while (works.Count < share && !runsAlone(first) && _waiting.TryPeek(out var next) && !runsAlone(next) && taskOf(next) == taskOf(first))
            {
                works.Add(_waiting.Dequeue());
            }

            _running += works.Count;
            yield return (_idle.Dequeue(), works);
        }
    }

    /// <summary>Takes back the waiting chunks of <paramref name="taskId"/>.</summary>
    public IReadOnlyList<TWork> DropWaiting(Guid taskId)
    {
        var dropped = new List<TWork>();
        var kept = _waiting.Where(work =>
        {
            var drop = taskOf(work) == taskId;
            if (drop)
            {
                dropped.Add(work);
            }

            return !drop;
        }).ToArray();
        _waiting.Clear();
        foreach (var work in kept)
        {
            _waiting.Enqueue(work);
        }

        return dropped;
    }
}
