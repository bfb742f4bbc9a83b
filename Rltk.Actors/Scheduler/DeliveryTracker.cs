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
    private readonly Dictionary<(Guid TaskId, ChunkKey Key), Running> _running = [];
    private readonly HashSet<(Guid TaskId, ChunkKey Key)> _lostOnce = [];

    // Chunks the client confirmed before their worker's done notice came: the two travel by different connections.
    private readonly Dictionary<(Guid TaskId, ChunkKey Key), Running> _confirmedBeforeDone = [];

    public TimeSpan Timeout => deliveryTimeout;

    public int Count => _running.Count;

    public int CountOf(Guid taskId) => _running.Keys.Count(key => key.TaskId == taskId);

    public void Started(ScheduledChunk chunk, IActorRef worker)
    {
        chunk.Assigned();
        _running[(chunk.TaskId, chunk.Key)] = new Running(chunk, worker);
    }

    /// <summary>The chunk <paramref name="worker"/> runs under that name, if it runs it.</summary>
    public ScheduledChunk? RunBy(Guid taskId, ChunkKey key, IActorRef worker) =>
        _running.TryGetValue((taskId, key), out var running) && running.Worker.Equals(worker) ? running.Chunk : null;

    /// <summary>The worker says it sent the chunk's result: the delivery timeout starts. Returns the chunk, if that worker ran it.</summary>
    public ScheduledChunk? WorkerDone(ChunkDone done, IActorRef worker, DateTime now)
    {
        if (!_running.TryGetValue((done.TaskId, done.Key), out var running) || !running.Worker.Equals(worker))
        {
            return null;
        }

        (running.DoneAt, running.Done) = (now, done);
        return running.Chunk;
    }

    /// <summary>The client has the chunk's result: the chunk, its worker, and what the worker said of it, once; null for a chunk delivered before.</summary>
    public (ScheduledChunk Chunk, IActorRef Worker, ChunkDone? Done)? Delivered(Guid taskId, ChunkKey key)
    {
        if (!_running.Remove((taskId, key), out var running))
        {
            return null;
        }

        if (running.Done is null)
        {
            _confirmedBeforeDone[(taskId, key)] = running;
        }

        return (running.Chunk, running.Worker, running.Done);
    }

    /// <summary>A done notice that came after the client confirmed its chunk: the chunk, once, if that worker ran it.</summary>
    public ScheduledChunk? DoneAfterDelivery(ChunkDone done, IActorRef worker) =>
        _confirmedBeforeDone.TryGetValue((done.TaskId, done.Key), out var running) && running.Worker.Equals(worker)
            && _confirmedBeforeDone.Remove((done.TaskId, done.Key))
            ? running.Chunk
            : null;

    /// <summary>
    /// A worker is gone: the chunks it held that the client has not confirmed, to run again, and whether
    /// each was unfinished (running, or waiting its turn) when it went.
    /// </summary>
    public IReadOnlyList<(ScheduledChunk Chunk, bool Unfinished)> TakeHeldBy(IActorRef worker)
    {
        foreach (var key in _confirmedBeforeDone.Where(c => c.Value.Worker.Equals(worker)).Select(c => c.Key).ToArray())
        {
            _confirmedBeforeDone.Remove(key);
        }

        var held = _running.Where(r => r.Value.Worker.Equals(worker)).ToArray();
        foreach (var (key, _) in held)
        {
            _running.Remove(key);
        }

        return held.Select(r => (r.Value.Chunk, r.Value.DoneAt is null)).ToArray();
    }

    /// <summary>A task closed: its chunks need no delivery.</summary>
    public void ForgetTask(Guid taskId)
    {
        foreach (var key in _running.Keys.Where(key => key.TaskId == taskId).ToArray())
        {
            _running.Remove(key);
        }

        _lostOnce.RemoveWhere(key => key.TaskId == taskId);
        foreach (var key in _confirmedBeforeDone.Keys.Where(key => key.TaskId == taskId).ToArray())
        {
            _confirmedBeforeDone.Remove(key);
        }
    }

    /// <summary>
    /// The chunks whose result was sent more than the delivery timeout ago and never confirmed: the first
    /// time, to run again; the second time, the chunk whose task fails.
    /// </summary>
    public (IReadOnlyList<ScheduledChunk> RunAgain, IReadOnlyList<Undelivered> GiveUp) Overdue(DateTime now)
    {
        var overdueSince = now - deliveryTimeout;
        var runAgain = new List<ScheduledChunk>();
        var giveUp = new List<Undelivered>();
        foreach (var (key, running) in _running.Where(r => r.Value.DoneAt < overdueSince).ToArray())
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

    /// <summary>A chunk whose result never reached its client twice, last from <paramref name="Worker"/>.</summary>
    public sealed record Undelivered(ScheduledChunk Chunk, IActorRef Worker);

    private sealed class Running(ScheduledChunk chunk, IActorRef worker)
    {
        public ScheduledChunk Chunk { get; } = chunk;

        public IActorRef Worker { get; } = worker;

        /// <summary>When the worker said it had sent the result; null while it runs.</summary>
        public DateTime? DoneAt { get; set; }

        /// <summary>What the worker said when it was done: how many inputs failed, and how.</summary>
        public ChunkDone? Done { get; set; }
    }
}
