using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Where a task's workers send its results, and what the scheduler knows as the task's client (it
/// watches it). Confirms each result to the scheduler the moment it arrives — not when the output
/// handler, which may be slow, gets to it — drops one it has had before (a chunk re-run after its
/// worker was lost), and passes the rest, read back from bytes, to the task's collector. Watches the
/// scheduler: if it goes, or says a result could not be delivered, the task fails instead of waiting forever.
/// </summary>
internal sealed class ResultReceiverActor<TOut> : ReceiveActor
{
    private readonly IActorRef _scheduler;
    private readonly IActorRef _collector;
    private readonly WorkTracker _tracker;
    private readonly bool _readOutputs;
    private readonly DeliveredChunks _delivered = new();

    // Without an output handler (readOutputs false), outputs are never read.
    public ResultReceiverActor(IActorRef scheduler, IActorRef collector, WorkTracker tracker, bool readOutputs)
    {
        (_scheduler, _collector, _tracker, _readOutputs) = (scheduler, collector, tracker, readOutputs);
        Receive<ChunkResult>(HandleResult);
        Receive<ResultsUndelivered>(HandleUndelivered);
        Receive<Terminated>(_ => _tracker.Stop(new SchedulerUnavailableException(
            $"The scheduler at {_scheduler.Path.Address} stopped answering before the task completed.")));
    }

    protected override void PreStart() => Context.Watch(_scheduler);

    /// <summary>Stopped before its task completed (the task or its Remote was disposed): nobody may wait forever.</summary>
    protected override void PostStop()
    {
        if (!_tracker.Outcome.IsCompleted)
        {
            _tracker.Stop(new OperationCanceledException("The task's Remote was disposed before the task completed."));
        }
    }

    private void HandleResult(ChunkResult result)
    {
        _scheduler.Tell(new ChunkDelivered(result.TaskId, result.ChunkId));
        if (!_delivered.Add(result.ChunkId))
        {
            return;
        }

        var outputs = _readOutputs && result.Outputs.Length > 0 && !_tracker.IsStopped
            ? PayloadSerializer.Shared.DeserializeArray<TOut>(result.Outputs)
            : [];
        _collector.Tell(new ResultChunk<TOut>(result.ChunkId, outputs, result.Failures.Select(ToLocal).ToArray(), result.InputCount));
    }

    private void HandleUndelivered(ResultsUndelivered lost) => _tracker.Stop(new TimeoutException(
        $"The result of chunk {lost.ChunkId}, computed twice (last by {lost.Worker}), never reached this client within " +
        $"{lost.Timeout} (rltk.cluster.delivery-timeout): can the workers open a connection to this machine at {Self.Path.Address}?"));

    private static TaskFailedException ToLocal(RemoteFailure failure)
    {
        object? input = null;
        if (failure.Input is not null)
        {
            try
            {
                input = PayloadSerializer.Shared.Deserialize<object>(failure.Input);
            }
            catch (Exception)
            {
                // The failure is reported without its input.
            }
        }

        return new TaskFailedException(failure.Stage, input, new RemoteException(failure.ExceptionType, failure.Message, failure.StackTrace));
    }
}
