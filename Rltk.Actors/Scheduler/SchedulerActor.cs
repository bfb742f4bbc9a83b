using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// The scheduler: hands the chunks of open tasks to workers as they have free credit, tasks in turn
/// (<see cref="TaskQueues"/>, <see cref="WorkerLedger"/>); remembers which worker holds which chunk until
/// the client confirms its result, so a lost worker's chunks run elsewhere (<see cref="DeliveryTracker"/>);
/// keeps each client session's files and sends each worker those it lacks before its first task that
/// needs them (<see cref="SessionRegistry"/>). When a client's session goes, its tasks are dropped. It
/// never opens user payloads or files. It tells the story in one log line per client, task and worker,
/// answers <see cref="GetClusterStatus"/> (<see cref="StatusReport"/>) and keeps the meter <c>Rltk.Actors</c> up to date.
/// </summary>
internal sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    private readonly WorkerLedger _workers;
    private readonly TaskQueues _tasks = new();
    private readonly SessionRegistry _sessions = new();
    private readonly DeliveryTracker _deliveries;
    private readonly MessageBatch<IActorRef, AssignChunk> _assignments;
    private readonly Throughput _throughput = new(StatusReport.ThroughputSeconds);
    private readonly RecentFailures _failures = new(capacity: 20);
    private readonly SchedulerMetrics _metrics;
    private readonly ILogger _log;
    private readonly int _allowedFailures;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly string _address;

    public SchedulerActor(ILogger log, TimeSpan deliveryTimeout, int allowedFailures, long chunkBytes)
    {
        (_log, _allowedFailures) = (log, allowedFailures);
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        _address = $"{self.Host}:{self.Port}";
        _metrics = new SchedulerMetrics(_address);
        _deliveries = new DeliveryTracker(deliveryTimeout);
        _workers = new WorkerLedger(chunkBytes);
        _assignments = new MessageBatch<IActorRef, AssignChunk>(chunkBytes, chunk => chunk.Inputs.Length);
        Receive<RegisterWorker>(HandleRegisterWorker);
        Receive<WorkerLeaving>(_ => HandleWorkerLeaving());
        Receive<OpenSession>(HandleOpenSession);
        Receive<UploadFile>(HandleUploadFile);
        Receive<CloseSession>(close => CloseSession(close.SessionId));
        Receive<OpenTask>(HandleOpenTask);
        Receive<SubmitChunks>(HandleSubmitChunks);
        Receive<ChunksDone>(HandleChunksDone);
        Receive<InputStarting>(HandleInputStarting);
        Receive<ChunksDelivered>(HandleChunksDelivered);
        Receive<WorkerStats>(HandleWorkerStats);
        Receive<CancelCalls>(HandleCancelCalls);
        Receive<CombineContexts>(HandleCombineContexts);
        Receive<CloseTask>(close => CloseTask(close.TaskId));
        Receive<CheckDeliveries>(_ => HandleCheckDeliveries());
        Receive<CheckIdleTasks>(_ => HandleCheckIdleTasks());
        Receive<GetClusterStatus>(_ => Sender.Tell(
            StatusReport.Of(_address, _startedAt, DateTimeOffset.UtcNow, _workers, _tasks, _deliveries, _sessions, _throughput, _failures)));
        Receive<Terminated>(HandleTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(CheckDeliveries), CheckDeliveries.Instance, _deliveries.Timeout / 2);
        Timers.StartPeriodicTimer(nameof(CheckIdleTasks), CheckIdleTasks.Instance, IdleTaskWarning);
        _log.LogInformation("Scheduler listening at {Address}", _address);
    }

    protected override void PostStop() => _metrics.Dispose();

    private void HandleRegisterWorker(RegisterWorker register)
    {
        Sender.Tell(WorkerRegistered.Instance);
        if (_workers.Register(Sender, register.Mappers, DateTimeOffset.UtcNow) is null)
        {
            return;
        }

        Context.Watch(Sender);
        _log.LogInformation("Worker {Worker} joined with {Mappers} mappers", Sender.Path.Address, register.Mappers);
        Dispatch();
    }

    private void HandleWorkerLeaving()
    {
        if (_workers.Find(Sender) is { } worker)
        {
            worker.Leaving = true;
        }
    }

    private void HandleOpenSession(OpenSession open)
    {
        _sessions.Open(open.SessionId, open.Client, DateTimeOffset.UtcNow);
        Context.Watch(open.Client);
        _log.LogInformation("Client {Client} connected", open.Client.Path.Address);
        Sender.Tell(new SessionOpened(open.SessionId));
    }

    private void HandleUploadFile(UploadFile upload) =>
        Sender.Tell(_sessions.Keep(upload) is { } refusal
            ? new UploadRefused(upload.File.Hash, refusal)
            : new FileUploaded(upload.File.Hash));

    private void HandleOpenTask(OpenTask open)
    {
        if (_sessions.RefusalOf(open) is { } refusal)
        {
            Sender.Tell(new TaskRefused(open.TaskId, refusal));
            return;
        }

        if (_tasks.Find(open.TaskId) is not null)
        {
            // A client that lost this scheduler for a moment opens its task again: the first is still here.
            Sender.Tell(new TaskRefused(open.TaskId, "the task is open here already, from a connection this client has lost"));
            return;
        }

        _tasks.Open(new ScheduledTask(open, DateTimeOffset.UtcNow));
        Context.Watch(open.Receiver);
        _log.LogInformation("Task {Task} opened by {Client}: {Name}", Short(open.TaskId), open.Receiver.Path.Address, open.Name);
        Sender.Tell(new TaskOpened(open.TaskId));
    }

    private void HandleSubmitChunks(SubmitChunks submitted)
    {
        var queued = false;
        foreach (var chunk in submitted.Chunks)
        {
            queued |= _tasks.Enqueue(chunk);
        }

        if (queued)
        {
            Dispatch();
        }
    }

    private void HandleChunksDone(ChunksDone batch)
    {
        var worker = _workers.Find(Sender);
        foreach (var done in batch.Done)
        {
            worker?.Release(done.TaskId, done.Key);
            var ran = _deliveries.WorkerDone(done, Sender, DateTime.UtcNow);
            var confirmed = ran is null ? _deliveries.DoneAfterDelivery(done, Sender) : null;
            if ((ran ?? confirmed) is { } chunk && worker is not null)
            {
                worker.ChunksDone++;
                worker.InputsDone += chunk.Submit.InputCount;
                worker.Ran(done.Elapsed);
            }

            if (confirmed is not null && _tasks.Find(done.TaskId) is { } task)
            {
                // Its delivery was counted without what the worker said of it: the failures count now.
                CountFailures(task, done, DateTimeOffset.UtcNow);
            }
        }

        Dispatch();
    }

    /// <summary>Only the client's word ends a chunk; its inputs count as completed then, once.</summary>
    private void HandleChunksDelivered(ChunksDelivered delivered)
    {
        if (_tasks.Find(delivered.TaskId) is not { } task)
        {
            return;
        }

        foreach (var key in delivered.Keys)
        {
            if (_deliveries.Delivered(delivered.TaskId, key) is var (chunk, worker, done))
            {
                Delivered(task, chunk, worker, done);
            }
        }
    }

    private void Delivered(ScheduledTask task, ScheduledChunk chunk, IActorRef worker, ChunkDone? done)
    {
        if (task.Combine is { } combine)
        {
            // A reduce task's chunk lives on in its worker's context until the contexts are combined.
            combine.Folded(worker, chunk);
            CombineIfReady(task);
        }

        var (now, inputs) = (DateTimeOffset.UtcNow, chunk.Submit.InputCount);
        task.InputsCompleted += inputs;
        task.ForgetCancelledCallsIfAllCompleted();
        task.Completions.Add(now, inputs);
        _throughput.Add(now, inputs);
        _metrics.ChunkDelivered(inputs);
        if (done is not null)
        {
            CountFailures(task, done, now);
        }
    }

    private void CountFailures(ScheduledTask task, ChunkDone done, DateTimeOffset now)
    {
        task.InputsFailed += done.InputsFailed;
        _failures.Add(now, task.Id, done.Failures ?? []);
        _metrics.ChunkFailures(done.InputsFailed);
    }

    private void HandleCombineContexts(CombineContexts request)
    {
        if (_tasks.Find(request.TaskId) is { Combine: { } combine } task)
        {
            combine.Requested = true;
            CombineIfReady(task);
        }
    }

    /// <summary>Starts combining a reduce task's contexts once the client has every chunk and none waits or runs again.</summary>
    private void CombineIfReady(ScheduledTask task)
    {
        if (task.Combine is not { Requested: true, Combining.Count: 0 } combine || task.Pending.Count > 0 || _deliveries.CountOf(task.Id) > 0)
        {
            return;
        }

        var orders = combine.StartRound(task.Id, task.Receiver);
        if (orders.Count == 0)
        {
            task.Receiver.Tell(new TaskReduced(task.Id, false, []));
        }

        foreach (var (worker, order) in orders)
        {
            worker.Tell(order);
        }
    }

    private void HandleWorkerStats(WorkerStats stats)
    {
        if (_workers.Find(Sender) is { } worker)
        {
            worker.Usage = stats;
        }
    }

    /// <summary>A task that waits with no worker to run it gets a warning every so often, instead of silence.</summary>
    private void HandleCheckIdleTasks()
    {
        if (_workers.Count > 0)
        {
            return;
        }

        foreach (var task in _tasks.All.Where(t => t.Pending.Count > 0))
        {
            _log.LogWarning("Task {Task} has {Chunks} chunks waiting and no worker to run them: start Rltk.Worker.Host {Address}",
                Short(task.Id), task.Pending.Count, _address);
        }
    }

    private void HandleInputStarting(InputStarting starting)
    {
        _deliveries.RunBy(starting.TaskId, starting.Key, starting.Worker)?.Starting(starting.Index);

        Sender.Tell(InputNoted.Instance);
    }

    private void HandleCancelCalls(CancelCalls cancel)
    {
        _tasks.Find(cancel.TaskId)?.CancelCalls(cancel.CallIds);
        foreach (var worker in _workers.KnowingTask(cancel.TaskId))
        {
            worker.Agent.Tell(cancel);
        }
    }

    private void HandleCheckDeliveries()
    {
        var (runAgain, giveUp) = _deliveries.Overdue(DateTime.UtcNow);
        foreach (var chunk in runAgain)
        {
            _log.LogWarning("The result of chunk {Chunk} of task {Task} never reached its client; running it again", chunk.Key, chunk.TaskId);
            _tasks.Requeue(chunk);
        }

        foreach (var lost in giveUp)
        {
            if (_tasks.Find(lost.Chunk.TaskId) is { } task)
            {
                task.Receiver.Tell(new ResultsUndelivered(task.Id, lost.Chunk.Key, lost.Worker.Path.Address.ToString(), _deliveries.Timeout));
                CloseTask(task.Id);
            }
        }

        Dispatch();
    }

    private void HandleTerminated(Terminated terminated)
    {
        var gone = terminated.ActorRef;
        if (_workers.Find(gone) is { } worker)
        {
            _workers.Remove(gone);
            WorkerGone(worker);
        }

        foreach (var task in _tasks.OfReceiver(gone))
        {
            _log.LogInformation("The client of task {Task} is gone: dropping its {Chunks} queued chunks", Short(task.Id), task.Pending.Count);
            CloseTask(task.Id);
        }

        foreach (var sessionId in _sessions.OfClient(gone))
        {
            CloseSession(sessionId);
        }
    }

    /// <summary>
    /// A worker is gone: its chunks the client has not confirmed run elsewhere. A worker that did not say it
    /// was leaving died, and so counts against each chunk it was running: see <see cref="ScheduledChunk"/>.
    /// </summary>
    private void WorkerGone(WorkerRecord worker)
    {
        var held = _deliveries.TakeHeldBy(worker.Agent);
        foreach (var task in _tasks.All.Where(t => t.Combine is not null).ToArray())
        {
            var (runAgain, roundLost) = task.Combine!.WorkerGone(worker.Agent);
            foreach (var chunk in runAgain)
            {
                _tasks.Requeue(chunk);
            }

            if (roundLost)
            {
                foreach (var other in _workers.KnowingTask(task.Id))
                {
                    other.Agent.Tell(new AbortCombine(task.Id, task.Combine.Round));
                }
            }
        }

        var unfinished = held.Where(h => h.Unfinished).Select(h => h.Chunk).ToArray();
        var running = worker.Leaving ? [] : ScheduledChunk.RunningAtDeath(unfinished);
        foreach (var chunk in worker.Leaving || running.Count > 0 ? [] : unfinished)
        {
            chunk.HeldByTheDead();
        }

        var condemned = new HashSet<ScheduledChunk>();
        foreach (var chunk in running)
        {
            if (chunk.WorkerDied(_allowedFailures) is { } poison)
            {
                ReportPoison(chunk, poison);
                if (poison.Index is null)
                {
                    condemned.Add(chunk);
                }
            }
        }

        foreach (var (chunk, _) in held.Where(h => !condemned.Contains(h.Chunk)))
        {
            _tasks.Requeue(chunk);
        }

        _log.LogInformation("Worker {Worker} left; {Chunks} chunks of its not yet delivered go to other workers", worker.Agent.Path.Address, held.Count);
        Dispatch();
        foreach (var task in _tasks.All.Where(t => t.Combine is not null).ToArray())
        {
            CombineIfReady(task);
        }
    }

    private void ReportPoison(ScheduledChunk chunk, ScheduledChunk.Poison poison)
    {
        if (_tasks.Find(chunk.TaskId) is not { } task)
        {
            return;
        }

        _log.LogWarning("{What} of task {Task} killed {Workers} workers: it will not run again",
            poison.Index is { } index ? $"Input {index} of chunk {chunk.Key}" : $"Chunk {chunk.Key}", task.Id, poison.Workers);
        if (poison.Index is null)
        {
            // A named input is reported with the rest of its chunk's result, by the worker that skips it.
            task.Receiver.Tell(new ChunkKilledWorkers(task.Id, chunk.Key, poison.Workers));
        }
    }

    /// <summary>
    /// Gives queued chunks to the workers with free credit, one task's turn after another, in one message per
    /// worker (after the tasks and files it is told of on the way).
    /// </summary>
    private void Dispatch()
    {
        while (_workers.Freest() is { } worker && _tasks.Next() is var (task, chunk))
        {
            _deliveries.Started(chunk, worker.Agent);
            worker.Hold(task.Id, chunk.Key, chunk.Submit.Inputs.Length);
            if (worker.KnownTasks.Add(task.Id))
            {
                Introduce(task, worker);
            }

            _assignments.Hold(worker.Agent, chunk.Assignment);
        }

        foreach (var (agent, chunks) in _assignments.Take())
        {
            agent.Tell(new AssignChunks(chunks));
        }

        _metrics.Gauges(_tasks.QueuedChunks, _deliveries.Count, _workers.Count, _workers.Mappers);
    }

    /// <summary>Tells a worker of a task, after sending it the content of the task's files it does not have yet.</summary>
    private void Introduce(ScheduledTask task, WorkerRecord worker)
    {
        foreach (var file in task.Files.Where(f => !worker.Files.Has(f.Hash)))
        {
            worker.Agent.Tell(new FileContent(file.Hash, _sessions.Content(task.SessionId, file.Hash)));
        }

        worker.Files.Retain(task.SessionId, task.Files.Select(f => f.Hash));
        worker.Agent.Tell(task.Assignment);
    }

    private void CloseTask(Guid taskId)
    {
        if (_tasks.Close(taskId) is not { } task)
        {
            return;
        }

        var took = DateTimeOffset.UtcNow - task.OpenedAt;
        _log.LogInformation("Task {Task} finished: {Inputs} of {Submitted} inputs done ({Failed} failed) in {Seconds:F1} s, {Rate:N0} inputs/s",
            Short(taskId), task.InputsCompleted, task.InputsSubmitted, task.InputsFailed, took.TotalSeconds, task.InputsCompleted / Math.Max(took.TotalSeconds, 1e-3));
        _deliveries.ForgetTask(taskId);
        _workers.ForgetTask(taskId);
        if (_tasks.OfReceiver(task.Receiver).Count == 0)
        {
            Context.Unwatch(task.Receiver);
        }

        foreach (var worker in _workers.All)
        {
            worker.Agent.Tell(new TaskClosed(taskId));
        }
    }

    /// <summary>A session ends: its tasks close, and the workers that ran any of them forget its files.</summary>
    private void CloseSession(Guid sessionId)
    {
        if (_sessions.Close(sessionId) is not { } client)
        {
            return;
        }

        foreach (var task in _tasks.OfSession(sessionId))
        {
            CloseTask(task.Id);
        }

        Context.Unwatch(client);
        _log.LogInformation("Client {Client} left", client.Path.Address);
        foreach (var worker in _workers.ForgetSession(sessionId))
        {
            worker.Agent.Tell(new SessionClosed(sessionId));
        }
    }

    private static string Short(Guid id) => id.ToString("N")[..8];

    private static readonly TimeSpan IdleTaskWarning = TimeSpan.FromSeconds(30);

    private sealed record CheckDeliveries
    {
        public static readonly CheckDeliveries Instance = new();
    }

    private sealed record CheckIdleTasks
    {
        public static readonly CheckIdleTasks Instance = new();
    }
}
