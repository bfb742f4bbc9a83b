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
/// It keeps each client session's files (assemblies, dependencies, scattered values) and sends each
/// worker the ones it lacks before its first task that needs them. It never opens user payloads or files.
/// </summary>
internal sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    public const string Name = "scheduler";
    public const string Role = "scheduler";

    /// <summary>One chunk running and one waiting per mapper: a mapper never idles for a round trip.</summary>
    public const int ChunksPerMapper = 2;

    private readonly Dictionary<IActorRef, WorkerState> _workers = [];
    private readonly Dictionary<Guid, TaskState> _tasks = [];
    private readonly Dictionary<Guid, SessionState> _sessions = [];
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
        Receive<OpenSession>(open =>
        {
            _sessions[open.SessionId] = new SessionState(open.Client);
            Context.Watch(open.Client);
            Sender.Tell(new SessionOpened(open.SessionId));
        });
        Receive<UploadFile>(upload =>
        {
            if (UploadRefusalOf(upload) is { } reason)
            {
                Sender.Tell(new UploadRefused(upload.File.Hash, reason));
                return;
            }

            _sessions[upload.SessionId].Content[upload.File.Hash] = upload.Content;
            Sender.Tell(new FileUploaded(upload.File.Hash));
        });
        Receive<CloseSession>(close => CloseSession(close.SessionId));
        Receive<OpenTask>(open =>
        {
            if (RefusalOf(open) is { } reason)
            {
                Sender.Tell(new TaskRefused(open.TaskId, reason));
                return;
            }

            _tasks[open.TaskId] = new TaskState(open.TaskId, open.SessionId, open.Handler, open.Files, open.Results);
            _turns.AddLast(open.TaskId);
            Context.Watch(open.Results);
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

            foreach (var task in _tasks.Values.Where(t => t.Results.Equals(terminated.ActorRef)).ToArray())
            {
                _log.LogInformation("The client of task {Task} is gone: dropping its {Chunks} queued chunks", task.Id, task.Pending.Count);
                Close(task.Id);
            }

            foreach (var (sessionId, _) in _sessions.Where(s => s.Value.Client.Equals(terminated.ActorRef)).ToArray())
            {
                CloseSession(sessionId);
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
                    task.Results.Tell(new ResultsUndelivered(task.Id, chunkId, running.Worker.Path.Address.ToString(), _deliveryTimeout));
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
        if (!_tasks.Values.Any(t => t.Results.Equals(task.Results)))
        {
            Context.Unwatch(task.Results);
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
                Introduce(task, agent, worker);
            }

            agent.Tell(new AssignChunk(task.Id, chunk.ChunkId, chunk.Inputs));
        }
    }

    /// <summary>Tells a worker of a task, after sending it the content of the task's files it does not have yet.</summary>
    private void Introduce(TaskState task, IActorRef agent, WorkerState worker)
    {
        var content = _sessions[task.SessionId].Content;
        foreach (var file in task.Files.Where(f => !worker.Has(f.Hash)))
        {
            agent.Tell(new FileContent(file.Hash, content[file.Hash]));
        }

        worker.Record(task.SessionId, task.Files);
        agent.Tell(new TaskAssigned(task.Id, task.SessionId, task.Handler, task.Files, task.Results));
    }

    // A file is named by its hash everywhere, workers' disks included: a name that is not its content's hash is refused.
    private string? UploadRefusalOf(UploadFile upload) =>
        !_sessions.ContainsKey(upload.SessionId) ? $"session {upload.SessionId} is not open on this scheduler"
        : SessionFile.HashOf(upload.Content) != upload.File.Hash
            ? $"the content of {upload.File.Name} does not have the SHA-256 it was sent under ({upload.File.Hash})"
        : null;

    private string? RefusalOf(OpenTask open)
    {
        if (!_sessions.TryGetValue(open.SessionId, out var session))
        {
            return $"session {open.SessionId} is not open on this scheduler";
        }

        return open.Files.FirstOrDefault(f => !session.Content.ContainsKey(f.Hash)) is { } missing
            ? $"the file {missing.Name} ({missing.Hash}) was not uploaded in this session"
            : null;
    }

    /// <summary>A session ends: its tasks close, and the workers that ran any of them forget its files.</summary>
    private void CloseSession(Guid sessionId)
    {
        if (!_sessions.Remove(sessionId, out var session))
        {
            return;
        }

        foreach (var task in _tasks.Values.Where(t => t.SessionId == sessionId).ToArray())
        {
            Close(task.Id);
        }

        Context.Unwatch(session.Client);
        foreach (var (agent, worker) in _workers)
        {
            if (worker.Forget(sessionId))
            {
                agent.Tell(new SessionClosed(sessionId));
            }
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

        /// <summary>
        /// The files the worker keeps, by the sessions whose tasks it was given: the worker keeps a file
        /// while one of those sessions is open, by the same rule, so both sides agree on what it has.
        /// </summary>
        private Dictionary<Guid, HashSet<string>> FilesBySession { get; } = [];

        public bool Has(string hash) => FilesBySession.Values.Any(files => files.Contains(hash));

        public void Record(Guid sessionId, IEnumerable<SessionFile> files)
        {
            if (!FilesBySession.TryGetValue(sessionId, out var hashes))
            {
                FilesBySession[sessionId] = hashes = [];
            }

            hashes.UnionWith(files.Select(f => f.Hash));
        }

        /// <summary>Forgets a session's files; true if the worker had been given any task of it.</summary>
        public bool Forget(Guid sessionId) => FilesBySession.Remove(sessionId);
    }

    private sealed class SessionState(IActorRef client)
    {
        public IActorRef Client { get; } = client;

        /// <summary>The session's files by hash, as uploaded: bytes this actor never opens.</summary>
        public Dictionary<string, byte[]> Content { get; } = [];
    }

    private sealed class TaskState(Guid id, Guid sessionId, HandlerSpec handler, IReadOnlyList<SessionFile> files, IActorRef results)
    {
        public Guid Id { get; } = id;

        public Guid SessionId { get; } = sessionId;

        public HandlerSpec Handler { get; } = handler;

        public IReadOnlyList<SessionFile> Files { get; } = files;

        public IActorRef Results { get; } = results;

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
