using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>A registered worker, as the scheduler keeps it: its credit, the chunks it holds, the tasks and files it has, its counts.</summary>
internal sealed class WorkerRecord(IActorRef agent, int mappers, long byteBudget, DateTimeOffset joinedAt)
{
    private readonly Dictionary<(Guid TaskId, ChunkKey Key), long> _held = [];
    private long _heldBytes;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    public long ChunksDone { get; set; }

    public long InputsDone { get; set; }

    public WorkerStats Usage { get; set; } = new(0, 0);

    public IActorRef Agent { get; } = agent;

    public int Mappers { get; } = mappers;

    /// <summary>How long a chunk of its takes to run, on average of late; null before the first is done.</summary>
    public TimeSpan? ChunkTime { get; private set; }

    /// <summary>How many chunks it may hold at once: <see cref="WorkerLedger.CreditPerMapper"/> for each mapper.</summary>
    public int Capacity => Mappers * WorkerLedger.CreditPerMapper(ChunkTime);

    public int HeldCount => _held.Count;

    /// <summary>The tasks it was told of (<see cref="TaskAssigned"/>).</summary>
    public HashSet<Guid> KnownTasks { get; } = [];

    /// <summary>The files it keeps, by the rule the worker keeps them by.</summary>
    public FileLedger Files { get; } = new();

    public bool Leaving { get; set; }

    /// <summary>How many more chunks it may take: none while leaving, or while it holds its budget of bytes (then it takes one at a time).</summary>
    public int Free => Leaving || (_heldBytes >= byteBudget && _held.Count > 0) ? 0 : Capacity - _held.Count;

    public void Hold(Guid taskId, ChunkKey key, long bytes)
    {
        if (_held.TryAdd((taskId, key), bytes))
        {
            _heldBytes += bytes;
        }
    }

    public void Release(Guid taskId, ChunkKey key)
    {
        if (_held.Remove((taskId, key), out var bytes))
        {
            _heldBytes -= bytes;
        }
    }

    /// <summary>A chunk of its ran in <paramref name="took"/>: the average moves a fifth of the way there.</summary>
    public void Ran(TimeSpan took) => ChunkTime = ChunkTime is { } average ? average + (took - average) / 5 : took;
}

/// <summary>
/// The workers registered with the scheduler and their credit: a worker holds at most
/// <see cref="CreditPerMapper"/> chunks per mapper, and no more than <paramref name="chunkBytes"/> of inputs per
/// credit of <see cref="MinCreditPerMapper"/>, so a fast worker gets more and none hoards; the next chunk goes
/// to the worker with the most free credit.
/// </summary>
internal sealed class WorkerLedger(long chunkBytes)
{
    /// <summary>One chunk running and one waiting per mapper: a mapper never idles for a round trip.</summary>
    public const int MinCreditPerMapper = 2;

    /// <summary>Small chunks queue up to this many per mapper, so that their round trips overlap.</summary>
    public const int MaxCreditPerMapper = 128;

    /// <summary>How much work each mapper has waiting: more than a round trip to the scheduler, little enough that a new task soon gets its turn.</summary>
    private static readonly TimeSpan QueuedWork = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<IActorRef, WorkerRecord> _workers = [];

    public int Count => _workers.Count;

    public int Mappers { get; private set; }

    public IEnumerable<WorkerRecord> All => _workers.Values;

    /// <summary>Registers a worker's agent; null when it was registered already.</summary>
    public WorkerRecord? Register(IActorRef agent, int mappers, DateTimeOffset now)
    {
        var worker = new WorkerRecord(agent, mappers, mappers * MinCreditPerMapper * chunkBytes, now);
        if (!_workers.TryAdd(agent, worker))
        {
            return null;
        }

        Mappers += mappers;
        return worker;
    }

    public WorkerRecord? Find(IActorRef agent) => _workers.GetValueOrDefault(agent);

    public bool Remove(IActorRef agent)
    {
        if (!_workers.Remove(agent, out var worker))
        {
            return false;
        }

        Mappers -= worker.Mappers;
        return true;
    }

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

    /// <summary>The credit per mapper of a worker whose chunks take <paramref name="chunkTime"/>: enough for <see cref="QueuedWork"/>, within bounds.</summary>
    public static int CreditPerMapper(TimeSpan? chunkTime) => chunkTime is { } time
        ? (int)Math.Clamp(Math.Ceiling((double)QueuedWork.Ticks / Math.Max(time.Ticks, 1)), MinCreditPerMapper, MaxCreditPerMapper)
        : MinCreditPerMapper;

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
