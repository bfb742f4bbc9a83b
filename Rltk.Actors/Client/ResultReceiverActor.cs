using System.Runtime.Serialization;
using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Where a task's workers send its results, and what the scheduler knows as the task's client (it
/// watches it): the task's chunks, their confirmations and its close go to the scheduler through it (<see cref="SchedulerOutbox"/>). Confirms each chunk to the scheduler the moment all of it has arrived — not when the
/// output handler, which may be slow, gets to it — drops what it has had before (a chunk re-run after
/// its worker was lost), and passes each chunk, read back from bytes, to the task's collector. Reports
/// a chunk that killed workers. Watches the scheduler: if it goes, or says a result could not be
/// delivered, the task fails instead of waiting forever.
/// </summary>
internal sealed class ResultReceiverActor<TOut> : ReceiveActor
{
    private readonly IActorRef _scheduler;
    private readonly IActorRef _collector;
    private readonly WorkTracker _tracker;
    private readonly bool _readOutputs;
    private readonly CancellationToken _disposing;
    private readonly Action<TaskReduced>? _reduced;
    private readonly ResultAssembly<ChunkResult> _assembly = new();
    private readonly SchedulerOutbox _outbox;

    // Without an output handler (readOutputs false), outputs are never read. A reduce task's value goes to reduced.
    public ResultReceiverActor(
        IActorRef scheduler, MessageLimits limits, IActorRef collector, WorkTracker tracker, bool readOutputs, CancellationToken disposing,
        Action<TaskReduced>? reduced)
    {
        (_scheduler, _collector, _tracker, _readOutputs, _disposing, _reduced) = (scheduler, collector, tracker, readOutputs, disposing, reduced);
        _outbox = new SchedulerOutbox(scheduler, Self, limits);
        Receive<SubmitChunk>(_outbox.Submit);
        Receive<ChunkResults>(HandleResults);
        Receive<FlushBatches>(_ => _outbox.Flush());
        Receive<CloseTask>(_outbox.AfterHeld);
        Receive<TaskReduced>(HandleReduced);
        // No value can come after a failed combine, error callback or not: the run ends with the failure.
        Receive<CombineFailed>(failed => _tracker.Stop(RemoteFailures.ToLocal(failed.Failure, PayloadSerializer.Shared)));
        Receive<ChunkKilledWorkers>(HandleChunkKilledWorkers);
        Receive<ResultsUndelivered>(HandleUndelivered);
        Receive<Terminated>(_ => _tracker.Stop(RemoteFailures.SchedulerLost(_scheduler, _disposing, "task")));
    }

    protected override void PreStart() => Context.Watch(_scheduler);

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
            _outbox.Delivered(piece.TaskId, piece.Key);
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
