namespace Rltk.Actors.Worker;

/// <summary>
/// A worker's mappers and the chunks waiting for one: each chunk goes to an idle mapper, in the order
/// chunks came; a mapper that finishes is idle again. Chunks of a closed task that no mapper has
/// started can be taken back.
/// </summary>
internal sealed class MapperQueue<TMapper, TWork>(Func<TWork, Guid> taskOf)
{
    private readonly Queue<TMapper> _idle = new();
    private readonly Queue<TWork> _waiting = new();
    private int _mappers;

    /// <summary>No chunk waiting, every mapper idle.</summary>
    public bool IsIdle => _waiting.Count == 0 && _idle.Count == _mappers;

    /// <summary>Chunks waiting or running.</summary>
    public int InHand => _waiting.Count + _mappers - _idle.Count;

    public void AddMapper(TMapper mapper)
    {
        _idle.Enqueue(mapper);
        _mappers++;
    }

    public void Add(TWork work) => _waiting.Enqueue(work);

    public void Freed(TMapper mapper) => _idle.Enqueue(mapper);

    /// <summary>Pairs waiting chunks with idle mappers, as many as there are of both.</summary>
    public IEnumerable<(TMapper Mapper, TWork Work)> HandOut()
    {
        while (_waiting.Count > 0 && _idle.Count > 0)
        {
            yield return (_idle.Dequeue(), _waiting.Dequeue());
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
