using Akka.Actor;
using Rltk.Actors.Cluster;
using Rltk.Actors.Flow;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Client;

/// <summary>
/// The client's side of one remote task: receives every chunk's result from the workers (through its
/// <see cref="ResultReceiverActor"/>), drops a result it has already delivered (a chunk re-run after
/// its worker was lost), calls the output handler for every output, one at a time, and completes the
/// task once every chunk is in. Watches the scheduler: if it goes, the task fails instead of waiting forever.
/// </summary>
internal sealed class TaskSessionActor<TOut> : ReceiveActor
{
    private readonly Action<TOut>? _collect;
    private readonly WorkTracker _tracker;
    private readonly IActorRef _scheduler;
    private readonly DeliveredChunks _delivered = new();
    private long? _expectedChunks;

    public TaskSessionActor(Action<TOut>? collect, WorkTracker tracker, IActorRef scheduler)
    {
        _collect = collect;
        _tracker = tracker;
        _scheduler = scheduler;
        Receive<ChunkResult>(Collect);
        Receive<InputComplete>(end =>
        {
            _expectedChunks = end.ChunkCount;
            CompleteIfDone();
        });
        Receive<ResultsUndelivered>(lost => _tracker.Stop(new TimeoutException(
            $"The result of chunk {lost.ChunkId}, computed twice (last by {lost.Worker}), never reached this client within " +
            $"{lost.Timeout} (rltk.cluster.delivery-timeout): can the workers open a connection to this machine at {Self.Path.Address}?")));
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

    private void Collect(ChunkResult result)
    {
        if (!_delivered.Add(result.ChunkId))
        {
            return;
        }

        _tracker.ReleaseMapperSlot();
        foreach (var failure in result.Failures)
        {
            var local = ToLocal(failure);
            if (failure.Stage == FailureStage.Enter)
            {
                _tracker.Stop(local);
            }
            else
            {
                _tracker.Report(local);
            }
        }

        if (_collect is not null && result.Outputs.Length > 0 && !_tracker.IsStopped)
        {
            foreach (var output in PayloadSerializer.Shared.DeserializeArray<TOut>(result.Outputs))
            {
                try
                {
                    _collect(output);
                }
                catch (Exception failure)
                {
                    _tracker.Report(new TaskFailedException(FailureStage.Collector, output, failure));
                }
            }
        }

        _tracker.CountProcessed(result.InputCount);
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_delivered.Count == _expectedChunks)
        {
            _tracker.Complete();
        }
    }

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
