using Akka.Actor;
using Akka.Event;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Where the workers send the results of a call stream, and what the scheduler knows as its client (its
/// chunks, their confirmations and its close go to the scheduler through it, <see cref="SchedulerOutbox"/>):
/// confirms each chunk as soon as all of it has arrived, drops what it had before, and hands each
/// chunk's calls to the stream. A chunk that killed workers fails its calls. A lost scheduler: the stream's
/// task is opened on the scheduler found at its address again and the calls not answered go there anew
/// (see <see cref="ResultReceiverActor{TOut}"/>). No scheduler found again, a result that cannot be
/// delivered, or a disposed Remote breaks the stream: its calls fail instead of waiting forever.
/// </summary>
internal sealed class CallReceiverActor : ReceiveActor
{
    private readonly Action<Delivery> _deliver;
    private readonly Action<Exception> _break;
    private readonly CancellationToken _disposing;
    private readonly ResultAssembly<ChunkResult> _assembly = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, TaskFailedException> _chunksThatKilled = [];
    private readonly TaskLink _link;

    // Cancelled calls whose chunk has not come back: a scheduler that takes the stream up again is told of them, so that they do not run.
    private readonly HashSet<long> _cancelled = [];

    // reopen, given the lost scheduler and this receiver, opens the stream's task on the scheduler found again and returns it.
    public CallReceiverActor(
        IActorRef scheduler, MessageLimits limits, Action<Delivery> deliver, Action<Exception> @break, CancellationToken disposing,
        Func<IActorRef, IActorRef, IReadOnlyList<long>, Task<IActorRef>>? reopen)
    {
        (_deliver, _break, _disposing) = (deliver, @break, disposing);
        _link = new TaskLink(scheduler, Self, limits, reopen);
        Running();
    }

    /// <summary>
    /// What arrived for chunk <paramref name="Chunk"/>: the outputs and failures (by call, or null for the whole
    /// chunk), and whether the chunk is now whole, so that its calls without a word have failed.
    /// </summary>
    public sealed record Delivery(
        long Chunk, bool Complete, TimeSpan Elapsed, IReadOnlyList<CallOutput> Outputs, IReadOnlyList<(long? CallId, TaskFailedException Failure)> Failures);

    protected override void PreStart() => Context.Watch(_link.Scheduler);

    private void Running()
    {
        Receive<SubmitChunk>(_link.Submit);
        Receive<ChunkResults>(HandleResults);
        Receive<FlushBatches>(_ => _link.Outbox.Flush());
        Receive<CloseTask>(close => _link.Outbox.AfterHeld(close));
        Receive<CancelCalls>(cancel =>
        {
            _cancelled.UnionWith(cancel.CallIds);
            _link.Outbox.AfterHeld(cancel);
        });
        Receive<ChunkKilledWorkers>(HandleChunkKilledWorkers);
        Receive<ResultsUndelivered>(lost => BreakAndStop(new TimeoutException(
            $"The result of a call, computed twice (last by {lost.Worker}), never reached this client within {lost.Timeout} " +
            $"(rltk.cluster.delivery-timeout): can the workers open a connection to this machine at {Self.Path.Address}?")));
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_link.Scheduler), _ => HandleSchedulerLost());
    }

    /// <summary>Looking for a scheduler to take the stream up again: new chunks wait with the unconfirmed ones; results still arriving count.</summary>
    private void Relocating()
    {
        Receive<SubmitChunk>(_link.Keep);
        Receive<ChunkResults>(HandleResults);
        Receive<TaskLink.Reopened>(HandleReopened);
        Receive<TaskLink.ReopenFailed>(failed => BreakAndStop(RemoteFailures.SchedulerNotFoundAgain(_link.Scheduler, "call", failed.Why)));
        // Sent on with the chunks once the stream is open again: none is open to tell now.
        Receive<CancelCalls>(cancel => _cancelled.UnionWith(cancel.CallIds));
        // A batch flush, a close, or a stale word for the lost scheduler.
        ReceiveAny(_ => { });
    }

    /// <summary>It failed and lost what it had assembled: its calls end with why (not as disposed, which its stop would say).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _break(new InvalidOperationException($"The call results receiver on this client failed on {message.GetType().Name}: {reason.Message}", reason));
        base.PreRestart(reason, message);
    }

    protected override void PostStop() => _break(RemoteFailures.RemoteDisposed("call"));

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

        if (arrival.Chunk is { } pieces)
        {
            var failures = pieces.SelectMany(p => p.Failures).Select(ToLocal).ToList();
            if (_chunksThatKilled.Remove(piece.Key.Number, out var killed))
            {
                failures.Add((null, killed));
            }

            var outputs = pieces.Where(p => p.Outputs.Length > 0).SelectMany(p => PayloadSerializer.Shared.DeserializeArray<CallOutput>(p.Outputs)).ToArray();
            ForgetCancelled(outputs);
            _deliver(new Delivery(piece.Key.Number, true, pieces.Aggregate(TimeSpan.Zero, (total, p) => total + p.Elapsed), outputs, failures));
        }
    }

    /// <summary>Cancelled calls whose chunk came back (run, or skipped as cancelled) need no telling any more.</summary>
    private void ForgetCancelled(CallOutput[] outputs)
    {
        if (_cancelled.Count == 0)
        {
            return;
        }

        foreach (var output in outputs)
        {
            _cancelled.Remove(output.Id);
        }

        if (!_link.HasUnconfirmed)
        {
            _cancelled.Clear();
        }
    }

    /// <summary>The chunk (part) killed workers before any call could be named: it will not come back, and its calls fail.</summary>
    private void HandleChunkKilledWorkers(ChunkKilledWorkers killed)
    {
        _chunksThatKilled[killed.Key.Number] = RemoteFailures.ChunkKilledWorkers(killed);
        HandleResult(new ChunkResult(killed.TaskId, killed.Key, 0, 1, TimeSpan.Zero, [], 0, []));
    }

    private void HandleSchedulerLost()
    {
        if (!_link.CanReopen || _disposing.IsCancellationRequested)
        {
            BreakAndStop(RemoteFailures.SchedulerLost(_link.Scheduler, _disposing, "call"));
            return;
        }

        _log.Warning("The scheduler at {0} stopped answering: looking for a scheduler there to take the calls up again", RemoteFailures.HostPortOf(_link.Scheduler));
        Become(Relocating);
        _link.ReopenElsewhere([.. _cancelled]);
    }

    /// <summary>The stream can go on no more: its calls fail with <paramref name="reason"/>, and its Remote opens another for the next.</summary>
    private void BreakAndStop(Exception reason)
    {
        _break(reason);
        Context.Stop(Self);
    }

    /// <summary>The stream's task is open on the scheduler found again: every chunk not confirmed goes there, in order.</summary>
    private void HandleReopened(TaskLink.Reopened reopened)
    {
        var resubmitted = _link.MoveTo(reopened.Scheduler);
        Context.Watch(reopened.Scheduler);
        _log.Info("The calls go on with the scheduler at {0}: {1} chunks without results submitted again", RemoteFailures.HostPortOf(reopened.Scheduler), resubmitted);
        Become(Running);
    }

    /// <summary>A worker's failure, and the call it belongs to (read from its input), if it names one.</summary>
    private static (long? CallId, TaskFailedException Failure) ToLocal(RemoteFailure failure)
    {
        var local = RemoteFailures.ToLocal(failure, PayloadSerializer.Shared);
        return (local.Input is CallInput call ? call.Id : null, local);
    }
}
