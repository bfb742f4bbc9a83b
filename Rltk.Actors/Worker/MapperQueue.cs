namespace Rltk.Actors.Worker;

/// <summary>
/// A worker's mappers and the chunks waiting for one: chunks go to idle mappers in the order they came,
/// one or a run of several to a mapper; a mapper that finishes its run is idle again. Chunks of a closed
/// task that no mapper has started can be taken back; the runs that had started are known by number.
/// </summary>
internal sealed class MapperQueue<TMapper, TWork>(Func<TWork, Guid> taskOf, Func<TWork, bool> runsAlone)
    where TMapper : notnull
{
    private readonly Queue<TMapper> _idle = new();
    private readonly Queue<TWork> _waiting = new();
    // The mappers not idle, each with its run: a mapper is in one of the two.
    private readonly Dictionary<TMapper, (long Number, IReadOnlyList<TWork> Works)> _runs = [];
    private long _runsHanded;

    /// <summary>No chunk waiting, every mapper idle.</summary>
    public bool IsIdle => _waiting.Count == 0 && _runs.Count == 0;

    /// <summary>Chunks waiting or running.</summary>
    public int InHand => _waiting.Count + _runs.Values.Sum(run => run.Works.Count);

    public void AddMapper(TMapper mapper) => _idle.Enqueue(mapper);

    public void Add(TWork work) => _waiting.Enqueue(work);

    /// <summary>A mapper finished its run.</summary>
    public void Freed(TMapper mapper)
    {
        if (_runs.Remove(mapper))
        {
            _idle.Enqueue(mapper);
        }
    }

    /// <summary>The mappers running a chunk of <paramref name="taskId"/>, each with the number of its run.</summary>
    public IReadOnlyList<(TMapper Mapper, long Run)> Running(Guid taskId) =>
        _runs.Where(entry => entry.Value.Works.Any(work => taskOf(work) == taskId)).Select(entry => (entry.Key, entry.Value.Number)).ToArray();

    /// <summary>Whether <paramref name="mapper"/> is still on the run numbered <paramref name="run"/>.</summary>
    public bool IsRunning(TMapper mapper, long run) => _runs.TryGetValue(mapper, out var current) && current.Number == run;

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

            var mapper = _idle.Dequeue();
            _runs[mapper] = (++_runsHanded, works);
            yield return (mapper, works);
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
