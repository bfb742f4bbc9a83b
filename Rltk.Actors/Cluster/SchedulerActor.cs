using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Cluster;

/// <summary>
/// The scheduler: keeps each open task's queue of chunks and hands them to workers as they have free
/// mappers (a worker holds at most <see cref="ChunksPerMapper"/> chunks per mapper, so a fast worker
/// gets more and none hoards), taking tasks in turn so that every client progresses. It remembers
/// which worker holds which chunk: when a worker's node goes (crashed and downed, or left), its chunks
/// go back to the front of their queues. When a client's session goes, its tasks are dropped. A chunk
/// whose worker finished it but whose result never reached the client (the worker cannot connect to
/// the client) runs once more, then fails its task with an error that says so, instead of a hang.
/// It never opens user payloads.
/// </summary>
internal sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    public const string Name = "scheduler";
    public const string Role = "scheduler";

    /// <summary>One chunk running and one waiting per mapper: a mapper never idles for a round trip.</summary>
    public const int ChunksPerMapper = 2;

    private readonly Dictionary<IActorRef, WorkerState> _workers = [];
    private readonly Dictionary<Guid, TaskState> _tasks = [];
    private readonly LinkedList<Guid> _turns = new();
    private readonly ILogger _log;
    private readonly TimeSpan _deliveryTimeout;

    public SchedulerActor(ILogger log, TimeSpan deliveryTimeout)
    {
        _log = log;
        _deliveryTimeout = deliveryTimeout;
        Receive<RegisterWorker>(register =>
        {
            if (_workers.TryAdd(Sender, new WorkerState(register.Capacity)))
            {
                Context.Watch(Sender);
                _log.LogInformation("Worker {Worker} joined with {Mappers} mappers", Sender.Path.Address, register.Capacity / ChunksPerMapper);
                Dispatch();
            }
        });
        Receive<WorkerLeaving>(_ =>
        {
            if (_workers.TryGetValue(Sender, out var worker))
            {
                worker.Leaving = true;
            }
        });
        Receive<OpenTask>(open =>
        {
            _tasks[open.TaskId] = new TaskState(open.TaskId, open.Handler, open.Session);
            _turns.AddLast(open.TaskId);
            Context.Watch(open.Session);
            Sender.Tell(new TaskOpened(open.TaskId));
        });
        Receive<SubmitChunk>(chunk =>
        {
            if (_tasks.TryGetValue(chunk.TaskId, out var task))
            {
                task.Pending.AddLast(chunk);
                Dispatch();
            }
        });
        Receive<ChunkDone>(done =>
        {
            if (_workers.TryGetValue(Sender, out var worker))
            {
                worker.Held.Remove((done.TaskId, done.ChunkId));
            }

            if (_tasks.TryGetValue(done.TaskId, out var task) && task.Running.TryGetValue(done.ChunkId, out var running)
                && running.Worker.Equals(Sender))
            {
                running.DoneAt = DateTime.UtcNow;
            }

            Dispatch();
        });
        Receive<CheckDeliveries>(_ => CheckDeliveriesOverdue());
        // Only the client's word ends a chunk: a worker may die after saying it is done, before its result got out.
        Receive<ChunkDelivered>(delivered =>
        {
            if (_tasks.TryGetValue(delivered.TaskId, out var task))
            {
                task.Running.Remove(delivered.ChunkId);
            }
        });
        Receive<CloseTask>(close => Close(close.TaskId));
        Receive<GetSchedulerStatus>(_ => Sender.Tell(new SchedulerStatus(
            _workers.Count,
            _workers.Values.Sum(w => w.Capacity) / ChunksPerMapper,
            _tasks.Count,
            _tasks.Values.Sum(t => t.Pending.Count),
            _tasks.Values.Sum(t => t.Running.Count))));
        Receive<Terminated>(terminated =>
        {
            if (_workers.Remove(terminated.ActorRef))
            {
                WorkerGone(terminated.ActorRef);
            }

            foreach (var task in _tasks.Values.Where(t => t.Session.Equals(terminated.ActorRef)).ToArray())
            {
                _log.LogInformation("The client of task {Task} is gone: dropping its {Chunks} queued chunks", task.Id, task.Pending.Count);
                Close(task.Id);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(CheckDeliveries), CheckDeliveries.Instance, _deliveryTimeout / 2);
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        _log.LogInformation("Scheduler listening at {Host}:{Port}", self.Host, self.Port);
    }

    private void WorkerGone(IActorRef agent)
    {
        var requeued = 0;
        foreach (var task in _tasks.Values)
        {
            foreach (var (chunkId, running) in task.Running.Where(r => r.Value.Worker.Equals(agent)).ToArray())
            {
                task.Running.Remove(chunkId);
                task.Pending.AddFirst(running.Chunk);
                requeued++;
            }
        }

        _log.LogInformation("Worker {Worker} left; {Chunks} chunks of its not yet delivered go to other workers", agent.Path.Address, requeued);
        Dispatch();
    }

    private void CheckDeliveriesOverdue()
    {
        var overdueSince = DateTime.UtcNow - _deliveryTimeout;
        foreach (var task in _tasks.Values.ToArray())
        {
            foreach (var (chunkId, running) in task.Running.Where(r => r.Value.DoneAt < overdueSince).ToArray())
            {
                task.Running.Remove(chunkId);
                if (task.LostOnce.Add(chunkId))
                {
                    _log.LogWarning("The result of chunk {Chunk} of task {Task} from {Worker} never reached its client; running it again",
                        chunkId, task.Id, running.Worker.Path.Address);
                    task.Pending.AddFirst(running.Chunk);
                }
                else
                {
                    task.Session.Tell(new ResultsUndelivered(task.Id, chunkId, running.Worker.Path.Address.ToString(), _deliveryTimeout));
                    Close(task.Id);
                    break;
                }
            }
        }

        Dispatch();
    }

    private void Close(Guid taskId)
    {
        if (!_tasks.Remove(taskId, out var task))
        {
            return;
        }

        _turns.Remove(taskId);
        if (!_tasks.Values.Any(t => t.Session.Equals(task.Session)))
        {
            Context.Unwatch(task.Session);
        }

        foreach (var (agent, worker) in _workers)
        {
            worker.KnownTasks.Remove(taskId);
            agent.Tell(new TaskClosed(taskId));
        }
    }

    /// <summary>Gives queued chunks to the workers with free mappers, one task's turn after another.</summary>
    private void Dispatch()
    {
        while (NextTaskWithWork() is { } task && FreestWorker() is var (agent, worker))
        {
            var chunk = task.Pending.First!.Value;
            task.Pending.RemoveFirst();
            task.Running[chunk.ChunkId] = new RunningChunk(chunk, agent);
            worker.Held.Add((task.Id, chunk.ChunkId));
            if (worker.KnownTasks.Add(task.Id))
            {
                agent.Tell(new TaskAssigned(task.Id, task.Handler, task.Session));
            }

            agent.Tell(new AssignChunk(task.Id, chunk.ChunkId, chunk.Inputs));
        }
    }

    private TaskState? NextTaskWithWork()
    {
        for (var i = 0; i < _turns.Count; i++)
        {
            var taskId = _turns.First!.Value;
            _turns.RemoveFirst();
            _turns.AddLast(taskId);
            if (_tasks[taskId].Pending.Count > 0)
            {
                return _tasks[taskId];
            }
        }

        return null;
    }

    private (IActorRef Agent, WorkerState Worker)? FreestWorker()
    {
        (IActorRef Agent, WorkerState Worker)? freest = null;
        foreach (var (agent, worker) in _workers)
        {
            if (!worker.Leaving && worker.Free > 0 && (freest is null || worker.Free > freest.Value.Worker.Free))
            {
                freest = (agent, worker);
            }
        }

        return freest;
    }

    private sealed class WorkerState(int capacity)
    {
        public int Capacity { get; } = capacity;

        public HashSet<(Guid TaskId, long ChunkId)> Held { get; } = [];

        public HashSet<Guid> KnownTasks { get; } = [];

        public bool Leaving { get; set; }

        public int Free => Capacity - Held.Count;
    }

    private sealed class TaskState(Guid id, HandlerSpec handler, IActorRef session)
    {
        public Guid Id { get; } = id;

        public HandlerSpec Handler { get; } = handler;

        public IActorRef Session { get; } = session;

        public LinkedList<SubmitChunk> Pending { get; } = new();

        /// <summary>Chunks given to a worker whose result the client has not confirmed yet.</summary>
        public Dictionary<long, RunningChunk> Running { get; } = [];

        /// <summary>Chunks whose result was lost on its way to the client once already.</summary>
        public HashSet<long> LostOnce { get; } = [];
    }

    private sealed class RunningChunk(SubmitChunk chunk, IActorRef worker)
    {
        public SubmitChunk Chunk { get; } = chunk;

        public IActorRef Worker { get; } = worker;

        /// <summary>When the worker said it had sent the result; null while it runs.</summary>
        public DateTime? DoneAt { get; set; }
    }

    private sealed record CheckDeliveries
    {
        public static readonly CheckDeliveries Instance = new();
    }
}
