using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace Rltk.Actors.Flow;

/// <summary>
/// What the feeder, the mappers and the result side of one run share: the bounds on chunks sent and
/// not yet taken and on results waiting for the result side, the progress counters, and how the run
/// ends. It is not an actor because the producer must block on it: <c>AddTask</c> waits for a free
/// chunk slot on the caller's thread, which is what keeps memory bounded however fast the producer is.
/// </summary>
internal sealed class WorkTracker
{
    private readonly SemaphoreSlim _chunkSlots;
    private readonly SemaphoreSlim _resultSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<TaskFailedException>? _onError;
    private readonly Lock _errorGate = new();
    private readonly CancellationTokenRegistration _cancellation;
    private long _inputsAdded;
    private long _inputsDone;
    private long _inputsFailed;
    private readonly long? _givenTotal;
    private long _countedTotal;
    private bool _anyCounted;
    private bool _uncounted;
    private Exception? _failure;

    /// <param name="chunkBound">
    /// Chunks the feeder has sent that their consumer has not taken yet: locally, until a mapper starts
    /// one; in cluster mode, until its result reaches the collector.
    /// </param>
    /// <param name="resultBound">Chunks mapped and not yet taken by the result side (local engines).</param>
    /// <param name="onError">Null: the first failure stops the run. Otherwise it receives each failure and the run goes on.</param>
    /// <param name="cancellation">The user's token: cancelling it stops the run.</param>
    /// <param name="total">How many inputs the run will have, when the user said so.</param>
    public WorkTracker(int chunkBound, int resultBound, Action<TaskFailedException>? onError, CancellationToken cancellation = default, long? total = null)
    {
        _givenTotal = total;
        _chunkSlots = new SemaphoreSlim(chunkBound, chunkBound);
        _resultSlots = new SemaphoreSlim(resultBound, resultBound);
        _onError = onError;
        _cancellation = cancellation.Register(() => Stop(new OperationCanceledException("The run was cancelled.", cancellation)));
    }

    public bool IsStopped => _stop.IsCancellationRequested;

    /// <summary>What stopped the run early, or what failed after it completed; null while all is well.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Completes when every chunk has been through the result side; faults with what stopped the run.</summary>
    public Task Outcome => _outcome.Task;

    public void AcquireChunkSlot()
    {
        try
        {
            BlockingWait.On(_chunkSlots, _stop.Token);
        }
        catch (OperationCanceledException) when (IsStopped)
        {
            ThrowFailure();
        }
    }

    public async ValueTask AcquireChunkSlotAsync(CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            ThrowFailure();
        }

        if (_chunkSlots.Wait(0))
        {
            return;
        }

        using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, cancellationToken);
        try
        {
            await _chunkSlots.WaitAsync(stopOrCancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (IsStopped)
        {
            ThrowFailure();
        }
    }

    public void ReleaseChunkSlot() => _chunkSlots.Release();

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

    /// <summary>Called only under the feeder's lock, so a plain increment is safe; readers use <see cref="Counts"/>.</summary>
    public void CountAdded() => Volatile.Write(ref _inputsAdded, _inputsAdded + 1);

    /// <summary>Inputs that have been all the way through the result side, failed ones included.</summary>
    public void CountDone(int inputs) => Interlocked.Add(ref _inputsDone, inputs);

    /// <summary>
    /// The producer will add <paramref name="count"/> inputs (a collection given to Map): the total is known while
    /// every input comes counted this way, unless the options gave it.
    /// </summary>
    public void ExpectInputs(long count)
    {
        Interlocked.Add(ref _countedTotal, count);
        Volatile.Write(ref _anyCounted, true);
    }

    /// <summary>An input came that no count announced: the total is not known (unless the options gave it). Cheap enough to call per input.</summary>
    public void ExpectUncounted()
    {
        if (!Volatile.Read(ref _uncounted))
        {
            Volatile.Write(ref _uncounted, true);
        }
    }

    /// <summary>The counts progress is made of: submitted, completed, failed, and the total if known.</summary>
    public (long Submitted, long Completed, long Failed, long? Total) Counts() =>
        (Volatile.Read(ref _inputsAdded), Volatile.Read(ref _inputsDone), Volatile.Read(ref _inputsFailed),
            _givenTotal ?? (Volatile.Read(ref _anyCounted) && !Volatile.Read(ref _uncounted) ? Volatile.Read(ref _countedTotal) : null));

    /// <summary>
    /// A failure of user code. A mapper that cannot start stops the run; any other failure goes to the
    /// error callback, if there is one (one call at a time, from whichever actor saw it), and the run
    /// goes on; without one, it stops the run.
    /// </summary>
    public void Report(TaskFailedException failure)
    {
        if (failure.Stage != FailureStage.Progress)
        {
            Interlocked.Increment(ref _inputsFailed);
        }

        if (_onError is null || failure.Stage == FailureStage.Enter)
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

    /// <summary>The run is over: the user's token no longer concerns it.</summary>
    public void Release() => _cancellation.Dispose();

    [DoesNotReturn]
    public void ThrowFailure() => ExceptionDispatchInfo.Throw(Failure!);
}
