using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Protocol;
using Rltk.Actors.Shipping;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace Rltk.Actors.Cluster;

/// <summary>
/// A worker node's agent: offers its mappers to the scheduler once the scheduler's node is up, hands
/// each assigned chunk to a free mapper, reports finished chunks so the scheduler sends more, and on a
/// graceful stop tells the scheduler it is leaving and waits until its mappers are idle. Keeps the files
/// clients ship (in a folder of its own, deleted when it stops) and a <see cref="WorkerSession"/> per
/// client session it runs tasks of, disposed — its code unloaded — when the session ends.
/// </summary>
internal sealed class WorkerAgentActor : ReceiveActor
{
    /// <summary>Asks the agent to stop taking work; it answers <see cref="Drained"/> once every mapper is idle.</summary>
    public sealed record Drain
    {
        public static readonly Drain Instance = new();
    }

    public sealed record Drained
    {
        public static readonly Drained Instance = new();
    }

    /// <summary>Agent to mapper: a chunk, the task it belongs to and that task's client session.</summary>
    public sealed record MapperWork(TaskAssigned Task, WorkerSession Session, AssignChunk Chunk);

    private readonly int _mapperCount;
    private readonly Queue<IActorRef> _idleMappers = new();
    private readonly Queue<MapperWork> _waiting = new();
    private readonly Dictionary<Guid, (TaskAssigned Task, WorkerSession Session)> _tasks = [];
    private readonly Dictionary<Guid, WorkerSession> _sessions = [];
    private readonly string _folder = WorkerFolder.Create();
    private readonly FileStore _files;
    private readonly List<IActorRef> _mappers = [];
    private readonly ILogger _log;
    private IActorRef _scheduler = ActorRefs.Nobody;
    private IActorRef? _drainRequester;

    public WorkerAgentActor(int mapperCount, string mapperDispatcher, ILogger log)
    {
        _log = log;
        _mapperCount = mapperCount;
        _files = new FileStore(Path.Combine(_folder, "files"));
        for (var index = 0; index < mapperCount; index++)
        {
            var mapper = Context.ActorOf(
                Props.Create<RemoteMapperActor>(index, log).WithDispatcher(mapperDispatcher), $"mapper-{index}");
            _mappers.Add(mapper);
            _idleMappers.Enqueue(mapper);
        }

        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.HasRole(SchedulerActor.Role))
            {
                Context.ActorSelection(new RootActorPath(up.Member.Address) / "user" / SchedulerActor.Name)
                    .Tell(new RegisterWorker(_mapperCount * SchedulerActor.ChunksPerMapper));
                _log.LogInformation("Offered {Mappers} mappers to the scheduler at {Host}:{Port}", _mapperCount, up.Member.Address.Host, up.Member.Address.Port);
            }
        });
        Receive<FileContent>(file => _files.Store(file.Hash, file.Content));
        Receive<TaskAssigned>(task =>
        {
            if (!_sessions.TryGetValue(task.SessionId, out var session))
            {
                _sessions[task.SessionId] = session = new WorkerSession(task.SessionId, _files, Path.Combine(_folder, $"{task.SessionId:N}"));
            }

            _files.Retain(task.SessionId, task.Files);
            session.Add(task.Files);
            _tasks[task.TaskId] = (task, session);
        });
        Receive<AssignChunk>(chunk =>
        {
            _scheduler = Sender;
            var (task, session) = _tasks[chunk.TaskId];
            _waiting.Enqueue(new MapperWork(task, session, chunk));
            HandOut();
        });
        Receive<SessionClosed>(closed =>
        {
            if (_sessions.Remove(closed.SessionId, out var session))
            {
                session.Dispose();
            }
        });
        Receive<ChunkDone>(done =>
        {
            _scheduler.Tell(done);
            _idleMappers.Enqueue(Sender);
            HandOut();
            ReportDrainedIfIdle();
        });
        Receive<TaskClosed>(closed =>
        {
            _tasks.Remove(closed.TaskId);
            DropWaiting(closed.TaskId);
            foreach (var mapper in _mappers)
            {
                mapper.Tell(closed);
            }

            ReportDrainedIfIdle();
        });
        Receive<Drain>(_ =>
        {
            _log.LogInformation("Worker is leaving: finishing the {Chunks} chunks in hand", _waiting.Count + _mapperCount - _idleMappers.Count);
            _scheduler.Tell(new WorkerLeaving());
            _drainRequester = Sender;
            ReportDrainedIfIdle();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        _log.LogInformation("Worker listening at {Host}:{Port}", cluster.SelfAddress.Host, cluster.SelfAddress.Port);
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
    }

    /// <summary>Runs after the mappers have stopped (and exited their tasks): nothing of the sessions is in use.</summary>
    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // No client shipped anything.
        }
    }

    /// <summary>Chunks of a closed task that no mapper has started are not run: the scheduler gets their places back.</summary>
    private void DropWaiting(Guid taskId)
    {
        var waiting = _waiting.ToArray();
        _waiting.Clear();
        foreach (var work in waiting)
        {
            if (work.Chunk.TaskId == taskId)
            {
                _scheduler.Tell(new ChunkDone(taskId, work.Chunk.ChunkId));
            }
            else
            {
                _waiting.Enqueue(work);
            }
        }
    }

    private void HandOut()
    {
        while (_waiting.Count > 0 && _idleMappers.Count > 0)
        {
            _idleMappers.Dequeue().Tell(_waiting.Dequeue());
        }
    }

    private void ReportDrainedIfIdle()
    {
        if (_drainRequester is not null && _waiting.Count == 0 && _idleMappers.Count == _mapperCount)
        {
            _drainRequester.Tell(Drained.Instance);
            _drainRequester = null;
        }
    }
}
