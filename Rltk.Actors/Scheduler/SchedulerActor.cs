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
/// never opens user payloads or files.
/// </summary>
internal sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    private readonly WorkerLedger _workers = new();
    private readonly TaskQueues _tasks = new();
    private readonly SessionRegistry _sessions = new();
    private readonly DeliveryTracker _deliveries;
    private readonly ILogger _log;

    public SchedulerActor(ILogger log, TimeSpan deliveryTimeout)
    {
        _log = log;
        _deliveries = new DeliveryTracker(deliveryTimeout);
        Receive<RegisterWorker>(HandleRegisterWorker);
        Receive<WorkerLeaving>(_ => HandleWorkerLeaving());
        Receive<OpenSession>(HandleOpenSession);
        Receive<UploadFile>(HandleUploadFile);
        Receive<CloseSession>(close => CloseSession(close.SessionId));
        Receive<OpenTask>(HandleOpenTask);
        Receive<SubmitChunk>(HandleSubmitChunk);
        Receive<ChunkDone>(HandleChunkDone);
        Receive<ChunkDelivered>(delivered => _deliveries.Delivered(delivered.TaskId, delivered.ChunkId));
        Receive<CloseTask>(close => CloseTask(close.TaskId));
        Receive<CheckDeliveries>(_ => HandleCheckDeliveries());
        Receive<GetSchedulerStatus>(_ => Sender.Tell(Status()));
        Receive<Terminated>(HandleTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(CheckDeliveries), CheckDeliveries.Instance, _deliveries.Timeout / 2);
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        _log.LogInformation("Scheduler listening at {Host}:{Port}", self.Host, self.Port);
    }

    private void HandleRegisterWorker(RegisterWorker register)
    {
        Sender.Tell(WorkerRegistered.Instance);
        if (_workers.Register(Sender, register.Mappers) is null)
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
        _sessions.Open(open.SessionId, open.Client);
        Context.Watch(open.Client);
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

        _tasks.Open(new ScheduledTask(open));
        Context.Watch(open.Receiver);
        Sender.Tell(new TaskOpened(open.TaskId));
    }

    private void HandleSubmitChunk(SubmitChunk chunk)
    {
        if (_tasks.Enqueue(chunk))
        {
            Dispatch();
        }
    }

    private void HandleChunkDone(ChunkDone done)
    {
        _workers.Release(Sender, done.TaskId, done.ChunkId);
        _deliveries.WorkerDone(done.TaskId, done.ChunkId, Sender, DateTime.UtcNow);
        Dispatch();
    }

    private void HandleCheckDeliveries()
    {
        var (runAgain, giveUp) = _deliveries.Overdue(DateTime.UtcNow);
        foreach (var chunk in runAgain)
        {
            _log.LogWarning("The result of chunk {Chunk} of task {Task} never reached its client; running it again", chunk.ChunkId, chunk.TaskId);
            _tasks.Requeue(chunk);
        }

        foreach (var lost in giveUp)
        {
            if (_tasks.Find(lost.Chunk.TaskId) is { } task)
            {
                task.Receiver.Tell(new ResultsUndelivered(task.Id, lost.Chunk.ChunkId, lost.Worker.Path.Address.ToString(), _deliveries.Timeout));
                CloseTask(task.Id);
            }
        }

        Dispatch();
    }

    private void HandleTerminated(Terminated terminated)
    {
        var gone = terminated.ActorRef;
        if (_workers.Remove(gone))
        {
            var requeued = _deliveries.TakeHeldBy(gone);
            foreach (var chunk in requeued)
            {
                _tasks.Requeue(chunk);
            }

            _log.LogInformation("Worker {Worker} left; {Chunks} chunks of its not yet delivered go to other workers", gone.Path.Address, requeued.Count);
            Dispatch();
        }

        foreach (var task in _tasks.OfReceiver(gone))
        {
            _log.LogInformation("The client of task {Task} is gone: dropping its {Chunks} queued chunks", task.Id, task.Pending.Count);
            CloseTask(task.Id);
        }

        foreach (var sessionId in _sessions.OfClient(gone))
        {
            CloseSession(sessionId);
        }
    }

    /// <summary>Gives queued chunks to the workers with free credit, one task's turn after another.</summary>
    private void Dispatch()
    {
        while (_workers.Freest() is { } worker && _tasks.Next() is var (task, chunk))
        {
            _deliveries.Started(chunk, worker.Agent);
            worker.Held.Add((task.Id, chunk.ChunkId));
            if (worker.KnownTasks.Add(task.Id))
            {
                Introduce(task, worker);
            }

            worker.Agent.Tell(new AssignChunk(task.Id, chunk.ChunkId, chunk.Inputs));
        }
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
        foreach (var worker in _workers.ForgetSession(sessionId))
        {
            worker.Agent.Tell(new SessionClosed(sessionId));
        }
    }

    private SchedulerStatus Status() =>
        new(_workers.Count, _workers.Mappers, _tasks.Count, _tasks.QueuedChunks, _deliveries.Count);

    private sealed record CheckDeliveries
    {
        public static readonly CheckDeliveries Instance = new();
    }
}
