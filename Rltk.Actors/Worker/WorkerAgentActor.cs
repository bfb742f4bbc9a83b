using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Wire;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace Rltk.Actors.Worker;

/// <summary>
/// A worker node's agent, in three states. <b>Joining</b>: once the scheduler's node is up, it offers
/// the worker's mappers to the scheduler until the scheduler acknowledges. <b>Serving</b>: it hands each
/// assigned chunk to a free mapper (whose mapper reports it done, so the scheduler sends more). <b>Draining</b>
/// (a graceful stop): it has told the scheduler it is leaving, finishes what it holds, and answers
/// <see cref="Drained"/> once its mappers are idle. The client sessions it serves live in
/// <see cref="WorkerSessions"/>, disposed when the agent stops. A mapper still running a chunk of a task the
/// grace after the task closed is stuck in user code: the agent ends the worker's process when its host
/// owns the process, and says so in the log when it does not.
/// </summary>
internal sealed class WorkerAgentActor : ReceiveActor, IWithTimers
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

    private static readonly TimeSpan RegisterRetry = TimeSpan.FromSeconds(2);

    // How often a serving worker tells the scheduler its CPU and memory, for the status.
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(2);

    private readonly int _mapperCount;
    private readonly MapperQueue<IActorRef, WorkerMapperActor.Work> _mappers = new(work => work.Chunk.TaskId, work => work.Chunk.Suspect is not null);
    private readonly List<IActorRef> _allMappers = [];
    private readonly WorkerSessions _sessions = new();
    private readonly ProcessUsage _usage = new();
    private readonly CombineRounds _combines = new();

    // What the agent sends on as chunks finish, held while mappers still work, until they are idle or the first
    // held has waited MaxHold: under a stream of small chunks one message carries many, and a lone chunk's
    // result waits for nothing. The scheduler hears of a batch before its clients get the results, so it counts
    // their failures first.
    private readonly MessageBatch<IActorRef, ChunkDone> _done;
    private readonly MessageBatch<IActorRef, ChunkResult> _results;
    private readonly TimeSpan _closedTaskGrace;
    private readonly Action? _endProcess;
    private readonly ILogger _log;
    private IActorRef _scheduler = ActorRefs.Nobody;
    private IActorRef? _drainRequester;
    private long _heldSince;

    public WorkerAgentActor(int mapperCount, string mapperDispatcher, MessageLimits limits, TimeSpan closedTaskGrace, Action? endProcess, ILogger log)
    {
        (_mapperCount, _closedTaskGrace, _endProcess, _log) = (mapperCount, closedTaskGrace, endProcess, log);
        _done = new MessageBatch<IActorRef, ChunkDone>(limits.ChunkBytes, _ => 64);
        _results = new MessageBatch<IActorRef, ChunkResult>(limits.ChunkBytes, BytesOf);
        for (var index = 0; index < mapperCount; index++)
        {
            var mapper = Context.ActorOf(
                Props.Create<WorkerMapperActor>(index, limits, log).WithDispatcher(mapperDispatcher), $"mapper-{index}");
            _allMappers.Add(mapper);
            _mappers.AddMapper(mapper);
        }

        Joining();
    }

    public ITimerScheduler Timers { get; set; } = null!;

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
        _sessions.Dispose();
    }

    private void Joining()
    {
        Receive<ClusterEvent.MemberUp>(up => up.Member.HasRole(ClusterRoles.Scheduler), HandleSchedulerUp);
        Receive<ClusterEvent.MemberUp>(_ => { });
        Receive<OfferMappers>(offer => offer.Scheduler.Tell(new RegisterWorker(_mapperCount)));
        Receive<WorkerRegistered>(_ => HandleRegistered());
        Receive<Drain>(_ => Sender.Tell(Drained.Instance));
    }

    private void Serving()
    {
        ReceiveWork();
        Receive<Drain>(HandleDrain);
        Receive<ReportStats>(_ => ReportUsage());
    }

    private void Draining()
    {
        ReceiveWork();
        Receive<Drain>(_ => _drainRequester = Sender);
    }

    private void ReceiveWork()
    {
        Receive<FileContent>(_sessions.Store);
        Receive<TaskAssigned>(_sessions.Assign);
        Receive<AssignChunks>(HandleAssignChunks);
        Receive<WorkerMapperActor.Finished>(HandleFinished);
        Receive<FlushBatches>(_ => Flush());
        Receive<TaskClosed>(HandleTaskClosed);
        Receive<StillRunning>(HandleStillRunning);
        Receive<SessionClosed>(closed => _sessions.CloseSession(closed.SessionId));
        Receive<CancelCalls>(_sessions.Cancel);
        Receive<CombineRound>(order => CombineIfReady(_combines.Start(order)));
        Receive<ChildContext>(child => CombineIfReady(_combines.Add(child)));
        Receive<AbortCombine>(abort => _combines.Abort(abort.TaskId, abort.Round));
        Receive<ClusterEvent.MemberUp>(_ => { });
    }

    private void HandleSchedulerUp(ClusterEvent.MemberUp up)
    {
        var scheduler = Context.ActorSelection(new RootActorPath(up.Member.Address) / "user" / ClusterRoles.SchedulerActorName);
        Timers.StartPeriodicTimer(nameof(OfferMappers), new OfferMappers(scheduler), TimeSpan.Zero, RegisterRetry);
    }

    private void HandleRegistered()
    {
        Timers.Cancel(nameof(OfferMappers));
        _scheduler = Sender;
        var address = _scheduler.Path.Address;
        _log.LogInformation("Offered {Mappers} mappers to the scheduler at {Host}:{Port}", _mapperCount, address.Host, address.Port);
        Timers.StartPeriodicTimer(nameof(ReportStats), ReportStats.Instance, StatsInterval);
        ReportUsage();
        Become(Serving);
    }

    private void HandleAssignChunks(AssignChunks assigned)
    {
        foreach (var chunk in assigned.Chunks)
        {
            // The scheduler tells a worker of a task before its first chunk: a chunk of an unknown task is a
            // broken promise, and a fresh agent (the supervisor's) is how both sides start again from what they know.
            _mappers.Add(_sessions.WorkFor(chunk, _scheduler) ?? throw new InvalidOperationException(
                $"The scheduler sent chunk {chunk.Key} of task {chunk.TaskId}, which it never told this worker of."));
        }

        HandOut();
    }

    private void HandleFinished(WorkerMapperActor.Finished finished)
    {
        foreach (var (work, run) in finished.Runs)
        {
            work.Task.Pace.Ran(run.Elapsed);
            HoldDone(new ChunkDone(work.Chunk.TaskId, work.Chunk.Key, run.Elapsed, run.Failed, run.Notes));
            foreach (var piece in run.Pieces)
            {
                _results.Hold(work.Task.Assignment.Receiver, piece);
            }
        }

        if (finished.Runs is [{ Work.Chunk.Suspect: not null }])
        {
            // Said before the next chunk starts: the scheduler must not take a suspect that finished here for one running when this worker dies.
            Flush();
        }

        _mappers.Freed(Sender);
        HandOut();
        FlushIfDue();
        ReportDrainedIfIdle();
    }

    /// <summary>Chunks of a closed task that no mapper has started are not run: the scheduler gets their places back.</summary>
    private void HandleTaskClosed(TaskClosed closed)
    {
        _combines.Forget(closed.TaskId);
        _sessions.CloseTask(closed.TaskId);
        foreach (var dropped in _mappers.DropWaiting(closed.TaskId))
        {
            HoldDone(new ChunkDone(closed.TaskId, dropped.Chunk.Key));
        }

        foreach (var mapper in _allMappers)
        {
            mapper.Tell(closed);
        }

        foreach (var (mapper, run) in _mappers.Running(closed.TaskId))
        {
            Timers.StartSingleTimer((nameof(StillRunning), mapper), new StillRunning(mapper, run, closed.TaskId), _closedTaskGrace);
        }

        ReportDrainedIfIdle();
    }

    private void HandleStillRunning(StillRunning still)
    {
        if (!_mappers.IsRunning(still.Mapper, still.Run))
        {
            return;
        }

        const string Stuck = "{Mapper} is still running a chunk of task {Task} {Grace} s after the task closed: its code does not return";
        if (_endProcess is null)
        {
            _log.LogWarning(Stuck + ", and the mapper stays busy until it does (restart the process to free it)",
                still.Mapper.Path.Name, still.TaskId, _closedTaskGrace.TotalSeconds);
            return;
        }

        _log.LogError(Stuck + "; ending this worker process, whose chunks run elsewhere", still.Mapper.Path.Name, still.TaskId, _closedTaskGrace.TotalSeconds);
        _endProcess();
    }

    private void HandleDrain(Drain drain)
    {
        _log.LogInformation("Worker is leaving: finishing the {Chunks} chunks in hand", _mappers.InHand);
        _scheduler.Tell(WorkerLeaving.Instance);
        _drainRequester = Sender;
        Become(Draining);
        ReportDrainedIfIdle();
    }

    /// <summary>A round with every child's context in: a mapper folds them with this worker's own (user code runs on mappers).</summary>
    private void CombineIfReady((CombineRound Order, IReadOnlyList<(bool, byte[])> Children)? ready)
    {
        if (ready is var (order, children) && _sessions.Find(order.TaskId) is { } task)
        {
            _allMappers[0].Tell(new WorkerMapperActor.Combine(task, order, children));
        }
    }

    private void HoldDone(ChunkDone done)
    {
        if (_done.Hold(_scheduler, done))
        {
            _heldSince = Stopwatch.GetTimestamp();
            Timers.StartSingleTimer(nameof(FlushBatches), FlushBatches.Instance, MaxHold);
        }
    }

    private void FlushIfDue()
    {
        if (!_done.IsEmpty && (_mappers.IsIdle || Stopwatch.GetElapsedTime(_heldSince) >= MaxHold))
        {
            Flush();
        }
    }

    /// <summary>Sends what finished chunks left to say: first to the scheduler, then the results to their clients.</summary>
    private void Flush()
    {
        Timers.Cancel(nameof(FlushBatches));
        foreach (var (scheduler, done) in _done.Take())
        {
            scheduler.Tell(new ChunksDone(done));
        }

        foreach (var (receiver, results) in _results.Take())
        {
            receiver.Tell(new ChunkResults(results));
        }
    }

    private static long BytesOf(ChunkResult result) =>
        result.Outputs.Length + result.Failures.Sum(f => (f.Input?.Length ?? 0) + 2L * (f.Message.Length + (f.StackTrace?.Length ?? 0)));

    private void HandOut()
    {
        foreach (var (mapper, works) in _mappers.HandOut(work => work.Task.Pace.PerMapper))
        {
            mapper.Tell(new WorkerMapperActor.WorkRun(works));
        }
    }

    private void ReportDrainedIfIdle()
    {
        if (_drainRequester is not null && _mappers.IsIdle)
        {
            Flush();
            _drainRequester.Tell(Drained.Instance);
            _drainRequester = null;
        }
    }

    private void ReportUsage()
    {
        var (cpu, memory) = _usage.Sample();
        _scheduler.Tell(new WorkerStats(cpu, memory));
    }

    /// <summary>Timer message of the joining state: offer the mappers (again) to the scheduler.</summary>
    private sealed record OfferMappers(ActorSelection Scheduler);

    /// <summary>Timer message: is <paramref name="Mapper"/> still on the run it had when task <paramref name="TaskId"/> closed?</summary>
    private sealed record StillRunning(IActorRef Mapper, long Run, Guid TaskId);

    /// <summary>Timer message of the serving state: tell the scheduler this process's CPU and memory.</summary>
    private sealed record ReportStats
    {
        public static readonly ReportStats Instance = new();
    }
}
