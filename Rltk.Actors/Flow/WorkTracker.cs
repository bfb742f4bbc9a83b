using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Flow;

/// <summary>
/// What the feeder, the mappers and the result side of one run share: the bounds on the mapper
/// queue and on the result queue, the progress counters, and how the run ends. It is not an actor
/// because the producer must block on it: <c>AddTask</c> waits for a free mapper slot on the
/// caller's thread, which is what keeps memory bounded however fast the producer is.
/// </summary>
internal sealed class WorkTracker
{
    private readonly SemaphoreSlim _mapperSlots;
    private readonly SemaphoreSlim _resultSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<TaskFailedException>? _onError;
    private readonly Lock _errorGate = new();
    private long _added;
    private long _loaded;
    private long _processed;
    private Exception? _failure;

    /// <param name="mapperQueueBound">Chunks sent to the mappers and not yet started by one.</param>
    /// <param name="resultQueueBound">Chunks mapped and not yet taken by the result side.</param>
    /// <param name="onError">Null: the first failure stops the run. Otherwise it receives each failure and the run goes on.</param>
    public WorkTracker(int mapperQueueBound, int resultQueueBound, Action<TaskFailedException>? onError)
    {
        _mapperSlots = new SemaphoreSlim(mapperQueueBound, mapperQueueBound);
        _resultSlots = new SemaphoreSlim(resultQueueBound, resultQueueBound);
        _onError = onError;
    }

    public bool IsStopped => _stop.IsCancellationRequested;

    /// <summary>What stopped the run early, or what failed after it completed; null while all is well.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Completes when every chunk has been through the result side; faults with what stopped the run.</summary>
    public Task Outcome => _outcome.Task;

    public void AcquireMapperSlot()
    {
        try
        {
            _mapperSlots.Wait(_stop.Token);
        }
        catch (OperationCanceledException) when (IsStopped)
        {
            ThrowFailure();
        }
    }

    public async ValueTask AcquireMapperSlotAsync(CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            ThrowFailure();
        }

        if (_mapperSlots.Wait(0))
        {
            return;
        }

        using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, cancellationToken);
        try
        {
            await _mapperSlots.WaitAsync(stopOrCancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsStopped)
        {
            ThrowFailure();
        }
    }

    public void ReleaseMapperSlot() => _mapperSlots.Release();

    /// <summary>
    /// Blocks a mapper whose results would overfill the result queue, as pyrallel's mapper blocks on a
    /// full collector queue; the mapper runs on a dispatcher of its own, so only user work waits.
    /// False once the run has stopped: the results are not wanted any more.
    /// </summary>
    public bool TryAcquireResultSlot()
    {
        try
        {
            _resultSlots.Wait(_stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void ReleaseResultSlot() => _resultSlots.Release();

    /// <summary>Called only under the feeder's lock, so a plain increment is safe; readers use <see cref="Snapshot"/>.</summary>
    public void CountAdded() => Volatile.Write(ref _added, _added + 1);

    public void CountLoaded(int count) => Interlocked.Add(ref _loaded, count);

    public void CountProcessed(int count) => Interlocked.Add(ref _processed, count);

    public Progress Snapshot() =>
        new(Volatile.Read(ref _added), Volatile.Read(ref _loaded), Volatile.Read(ref _processed));

    /// <summary>
    /// A failure of user code. With an error callback, the callback gets it (one call at a time, from
    /// whichever actor saw it) and the run goes on; without one, it stops the run.
    /// </summary>
    public void Report(TaskFailedException failure)
    {
        if (_onError is null)
        {
            Stop(failure);
            return;
        }

        lock (_errorGate)
        {
            try
            {
                _onError(failure);
            }
            catch (Exception callbackFailure)
            {
                Stop(callbackFailure);
            }
        }
    }

    /// <summary>Ends the run early: blocked producers and mappers wake, queued work is dropped. The first reason wins.</summary>
    public void Stop(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            return;
        }

        _stop.Cancel();
        _outcome.TrySetException(reason);
    }

    public void Complete() => _outcome.TrySetResult();

    [DoesNotReturn]
    public void ThrowFailure() => ExceptionDispatchInfo.Throw(Failure!);
}
