using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// The chunks given to workers whose result the client has not confirmed yet. Only the client's word
/// ends a chunk: a worker may die after saying it is done, before its result got out. So a chunk whose
/// worker goes runs again; and one whose worker said it was done but whose result never arrived within
/// the delivery timeout runs once more, then fails its task (the workers cannot reach the client).
/// </summary>
internal sealed class DeliveryTracker(TimeSpan deliveryTimeout)
{
    private readonly Dictionary<(Guid TaskId, long ChunkId), Running> _running = [];
    private readonly HashSet<(Guid TaskId, long ChunkId)> _lostOnce = [];

    public TimeSpan Timeout => deliveryTimeout;

    public int Count => _running.Count;

    public int CountOf(Guid taskId) => _running.Keys.Count(key => key.TaskId == taskId);

    public void Started(SubmitChunk chunk, IActorRef worker) => _running[(chunk.TaskId, chunk.ChunkId)] = new Running(chunk, worker);

    /// <summary>The worker says it sent the chunk's result: the delivery timeout starts.</summary>
    public void WorkerDone(Guid taskId, long chunkId, IActorRef worker, DateTime now)
    {
        if (_running.TryGetValue((taskId, chunkId), out var running) && running.Worker.Equals(worker))
        {
            running.DoneAt = now;
        }
    }

    public void Delivered(Guid taskId, long chunkId) => _running.Remove((taskId, chunkId));

    /// <summary>A worker is gone: the chunks it held that the client has not confirmed, to run again.</summary>
    public IReadOnlyList<SubmitChunk> TakeHeldBy(IActorRef worker) => Take(_running.Where(r => r.Value.Worker.Equals(worker)).ToArray());

    /// <summary>A task closed: its chunks need no delivery.</summary>
    public void ForgetTask(Guid taskId)
    {
        foreach (var key in _running.Keys.Where(key => key.TaskId == taskId).ToArray())
        {
            _running.Remove(key);
        }

        _lostOnce.RemoveWhere(key => key.TaskId == taskId);
    }

    /// <summary>
    /// The chunks whose result was sent more than the delivery timeout ago and never confirmed: the first
    /// time, to run again; the second time, the chunk whose task fails.
    /// </summary>
    public (IReadOnlyList<SubmitChunk> RunAgain, IReadOnlyList<Undelivered> GiveUp) Overdue(DateTime now)
    {
        var overdueSince = now - deliveryTimeout;
        var overdue = _running.Where(r => r.Value.DoneAt < overdueSince).ToArray();
        var runAgain = new List<SubmitChunk>();
        var giveUp = new List<Undelivered>();
        foreach (var (key, running) in overdue)
        {
            _running.Remove(key);
            if (_lostOnce.Add(key))
            {
                runAgain.Add(running.Chunk);
            }
            else
            {
                giveUp.Add(new Undelivered(running.Chunk, running.Worker));
            }
        }

        return (runAgain, giveUp);
    }

    private IReadOnlyList<SubmitChunk> Take(KeyValuePair<(Guid, long), Running>[] entries)
    {
        foreach (var (key, _) in entries)
        {
            _running.Remove(key);
        }

        return entries.Select(e => e.Value.Chunk).ToArray();
    }

    /// <summary>A chunk whose result never reached its client twice, last from <paramref name="Worker"/>.</summary>
    public sealed record Undelivered(SubmitChunk Chunk, IActorRef Worker);

    private sealed class Running(SubmitChunk chunk, IActorRef worker)
    {
        public SubmitChunk Chunk { get; } = chunk;

        public IActorRef Worker { get; } = worker;

        /// <summary>When the worker said it had sent the result; null while it runs.</summary>
        public DateTime? DoneAt { get; set; }
    }
}
