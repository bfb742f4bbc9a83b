using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>A registered worker, as the scheduler keeps it: its credit, the chunks it holds, the tasks and files it has.</summary>
internal sealed class WorkerRecord(IActorRef agent, int mappers, int capacity)
{
    public IActorRef Agent { get; } = agent;

    public int Mappers { get; } = mappers;

    /// <summary>How many chunks it may hold at once.</summary>
    public int Capacity { get; } = capacity;

    public HashSet<(Guid TaskId, ChunkKey Key)> Held { get; } = [];

    /// <summary>The tasks it was told of (<see cref="TaskAssigned"/>).</summary>
    public HashSet<Guid> KnownTasks { get; } = [];

    /// <summary>The files it keeps, by the rule the worker keeps them by.</summary>
    public FileLedger Files { get; } = new();

    public bool Leaving { get; set; }

    public int Free => Leaving ? 0 : Capacity - Held.Count;
}

/// <summary>
/// The workers registered with the scheduler and their credit: a worker holds at most
/// <see cref="ChunksPerMapper"/> chunks per mapper, so a fast worker gets more and none hoards; the next
/// chunk goes to the worker with the most free credit.
/// </summary>
internal sealed class WorkerLedger
{
    /// <summary>One chunk running and one waiting per mapper: a mapper never idles for a round trip.</summary>
    public const int ChunksPerMapper = 2;

    private readonly Dictionary<IActorRef, WorkerRecord> _workers = [];

    public int Count => _workers.Count;

    public int Mappers => _workers.Values.Sum(w => w.Mappers);

    public IEnumerable<WorkerRecord> All => _workers.Values;

    /// <summary>Registers a worker's agent; null when it was registered already.</summary>
    public WorkerRecord? Register(IActorRef agent, int mappers)
    {
        var worker = new WorkerRecord(agent, mappers, mappers * ChunksPerMapper);
        return _workers.TryAdd(agent, worker) ? worker : null;
    }

    public WorkerRecord? Find(IActorRef agent) => _workers.GetValueOrDefault(agent);

    public bool Remove(IActorRef agent) => _workers.Remove(agent);

    /// <summary>The worker with the most free credit, if any has some.</summary>
    public WorkerRecord? Freest()
    {
        WorkerRecord? freest = null;
        foreach (var worker in _workers.Values)
        {
            if (worker.Free > 0 && (freest is null || worker.Free > freest.Free))
            {
                freest = worker;
            }
        }

        return freest;
    }

    /// <summary>A worker is done with a chunk (finished it, or never started it): its credit comes back.</summary>
    public void Release(IActorRef agent, Guid taskId, ChunkKey key) => Find(agent)?.Held.Remove((taskId, key));

    /// <summary>The workers that were told of a task.</summary>
    public IEnumerable<WorkerRecord> KnowingTask(Guid taskId) => _workers.Values.Where(w => w.KnownTasks.Contains(taskId));

    public void ForgetTask(Guid taskId)
    {
        foreach (var worker in _workers.Values)
        {
            worker.KnownTasks.Remove(taskId);
        }
    }

    /// <summary>A session ended: the workers that had been given any of its tasks, which are to forget its files.</summary>
    public IReadOnlyList<WorkerRecord> ForgetSession(Guid sessionId) =>
        _workers.Values.Where(w => w.Files.Release(sessionId) is not null).ToArray();
}
