using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Rltk.Actors.Flow;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Where a task's workers send its results, and what the scheduler knows as the task's client (it
/// watches it): the task's chunks, their confirmations and its close go to the scheduler through it (<see cref="SchedulerOutbox"/>). Confirms each chunk to the scheduler the moment all of it has arrived — not when the
/// output handler, which may be slow, gets to it — drops what it has had before (a chunk re-run after
/// its worker was lost), and passes each chunk, read back from bytes, to the task's collector. Reports
/// a chunk that killed workers. Watches the scheduler: if it goes, the task is opened on the scheduler found
/// at its address again, and every chunk not yet confirmed is submitted there anew (with no scheduler to
/// be found, or for a reduce task, whose values lived on the lost cluster's workers, the task fails); if the
/// scheduler says a result could not be delivered, the task fails instead of waiting forever.
/// </summary>
internal sealed class ResultReceiverActor<TOut> : ReceiveActor
{
    private readonly IActorRef _collector;
    private readonly WorkTracker _tracker;
    private readonly bool _readOutputs;
    private readonly CancellationToken _disposing;
    private readonly Action<TaskReduced>? _reduced;
    private readonly ResultAssembly<ChunkResult> _assembly = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TaskLink _link;

    // Without an output handler (readOutputs false), outputs are never read. A reduce task's value goes to reduced.
    // reopen, given the lost scheduler and this receiver, opens the task on the scheduler found again and returns it.
    public ResultReceiverActor(
        IActorRef scheduler, MessageLimits limits, IActorRef collector, WorkTracker tracker, bool readOutputs, CancellationToken disposing,
        Action<TaskReduced>? reduced, Func<IActorRef, IActorRef, IReadOnlyList<long>, Task<IActorRef>>? reopen)
    {
        (_collector, _tracker, _readOutputs, _disposing, _reduced) = (collector, tracker, readOutputs, disposing, reduced);
        _link = new TaskLink(scheduler, Self, limits, reopen);
        Running();
    }

    private void Running()
    {
        Receive<SubmitChunk>(_link.Submit);
        Receive<ChunkResults>(HandleResults);
        Receive<FlushBatches>(_ => _link.Outbox.Flush());
        Receive<CloseTask>(close => _link.Outbox.AfterHeld(close));
        Receive<TaskReduced>(HandleReduced);
        // No value can come after a failed combine, error callback or not: the run ends with the failure.
        Receive<CombineFailed>(failed => _tracker.Stop(RemoteFailures.ToLocal(failed.Failure, PayloadSerializer.Shared)));
        Receive<ChunkKilledWorkers>(HandleChunkKilledWorkers);
        Receive<ResultsUndelivered>(HandleUndelivered);
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_link.Scheduler), _ => HandleSchedulerLost());
    }

    /// <summary>Looking for a scheduler to take the task up again: new chunks wait with the unconfirmed ones; results of the lost cluster's workers still count.</summary>
    private void Relocating()
    {
        Receive<SubmitChunk>(_link.Keep);
        Receive<ChunkResults>(HandleResults);
        Receive<TaskLink.Reopened>(HandleReopened);
        Receive<TaskLink.ReopenFailed>(failed => _tracker.Stop(RemoteFailures.SchedulerNotFoundAgain(_link.Scheduler, "task", failed.Why)));
        // A batch flush, a stale word for the lost scheduler, or the task's close (it stops this receiver,
        // and a scheduler that took the task up meanwhile drops it when it sees the receiver gone).
        ReceiveAny(_ => { });
    }

    protected override void PreStart() => Context.Watch(_link.Scheduler);

    /// <summary>It failed and lost what it had assembled: the task ends with why (not as disposed, which its stop would say).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _tracker.Stop(new InvalidOperationException($"The task's result receiver on this client failed on {message.GetType().Name}: {reason.Message}", reason));
        base.PreRestart(reason, message);
    }

    /// <summary>Stopped before its task completed (the task or its Remote was disposed): nobody may wait forever.</summary>
    protected override void PostStop()
    {
        if (!_tracker.Outcome.IsCompleted)
        {
            _tracker.Stop(RemoteFailures.RemoteDisposed("task"));
        }
    }

    private void HandleResults(ChunkResults results)
    {
        foreach (var piece in results.Results)
        {
            HandleResult(piece);
        }
    }

    private void HandleResult(ChunkResult piece)
    {
        var arrival = _assembly.Add(piece.Key, piece.Piece, piece.Pieces, piece);
        if (arrival.PartComplete)
        {
            _link.Delivered(piece.TaskId, piece.Key);
        }

        if (arrival is { CompletedNow: true, Chunk: null })
        {
            // A part of a chunk still arriving: its slot is free; the chunk's last one frees as the collector takes it.
            _tracker.ReleaseChunkSlot();
        }

        if (arrival.Chunk is { } pieces)
        {
            _collector.Tell(ToResultChunk(piece.Key.Number, pieces));
        }
    }

    /// <summary>A chunk that killed workers before an input could be named will not come: it counts as failed.</summary>
    private void HandleChunkKilledWorkers(ChunkKilledWorkers killed)
    {
        HandleResult(new ChunkResult(killed.TaskId, killed.Key, 0, 1, TimeSpan.Zero, [], 0, []));
        _tracker.Report(RemoteFailures.ChunkKilledWorkers(killed));
    }

    /// <summary>A reduce task's value, combined on the workers: the task is complete (a later one, from a round run again, is the same).</summary>
    private void HandleReduced(TaskReduced reduced)
    {
        if (_tracker.Outcome.IsCompleted)
        {
            return;
        }

        _reduced?.Invoke(reduced);
        _tracker.Complete();
    }

    private void HandleSchedulerLost()
    {
        if (!_link.CanReopen || _disposing.IsCancellationRequested || _tracker.Outcome.IsCompleted)
        {
            _tracker.Stop(RemoteFailures.SchedulerLost(_link.Scheduler, _disposing, "task"));
            return;
        }

        _log.Warning("The scheduler at {0} stopped answering: looking for a scheduler there to take the task up again", RemoteFailures.HostPortOf(_link.Scheduler));
        Become(Relocating);
        _link.ReopenElsewhere([]);
    }

    /// <summary>The task is open on the scheduler found again: every chunk not confirmed goes there, in order.</summary>
    private void HandleReopened(TaskLink.Reopened reopened)
    {
        var resubmitted = _link.MoveTo(reopened.Scheduler);
        Context.Watch(reopened.Scheduler);
        _log.Info("The task goes on with the scheduler at {0}: {1} chunks without results submitted again", RemoteFailures.HostPortOf(reopened.Scheduler), resubmitted);
        Become(Running);
    }

    private void HandleUndelivered(ResultsUndelivered lost) => _tracker.Stop(new TimeoutException(
        $"The result of chunk {lost.Key}, computed twice (last by {lost.Worker}), never reached this client within " +
        $"{lost.Timeout} (rltk.cluster.delivery-timeout): can the workers open a connection to this machine at {Self.Path.Address}?"));

    private ResultChunk<TOut> ToResultChunk(long chunkId, IReadOnlyList<ChunkResult> pieces)
    {
        var failures = pieces.SelectMany(p => p.Failures).Select(f => RemoteFailures.ToLocal(f, PayloadSerializer.Shared)).ToList();
        TOut[] outputs = [];
        try
        {
            outputs = _readOutputs && !_tracker.IsStopped
                ? pieces.Where(p => p.Outputs.Length > 0).SelectMany(p => PayloadSerializer.Shared.DeserializeArray<TOut>(p.Outputs)).ToArray()
                : [];
        }
        catch (Exception unreadable)
        {
            // Outputs this process will not build (Hyperion refuses unsafe types): the chunk's outputs fail, the receiver goes on.
            failures.Add(new TaskFailedException(FailureStage.Collector, null, new SerializationException(
                $"The outputs of chunk {chunkId} came back from the workers but cannot be read on this client: {unreadable.Message}", unreadable)));
        }

        return new ResultChunk<TOut>(chunkId, outputs, failures, pieces.Sum(p => p.InputCount));
    }
}
