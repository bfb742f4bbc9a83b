using System.Runtime.ExceptionServices;

namespace Rltk.Actors.Flow;

/// <summary>A started run of an engine or a task, as its life cycle sees it.</summary>
internal interface IRun
{
    WorkTracker Tracker { get; }

    /// <summary>Stops the run's actors once it has ended or been stopped: every mapper's Exit has run, or the task is closed on the cluster.</summary>
    Task StopAsync();

    /// <summary>Frees what outlives the actors (the local engine's actor system).</summary>
    ValueTask DisposeAsync();
}

/// <summary>
/// pyrallel's life cycle, which every engine and task follows: Start once, add inputs, TaskDone once,
/// Join once, Dispose. A call out of turn is an exception that says what to do. Join and Dispose are
/// the same for every engine: wait for the outcome, stop the actors, throw what stopped the run.
/// Safe to call from several threads.
/// </summary>
/// <param name="owner">The engine or task, named by <see cref="ObjectDisposedException"/>.</param>
/// <param name="noun">What the owner is called in messages: "processor", "task".</param>
/// <param name="addCall">The owner's call that adds an input, e.g. "AddTask".</param>
internal sealed class RunLifecycle<TRun>(object owner, string noun, string addCall)
    where TRun : class, IRun
{
    private readonly Lock _gate = new();
    private volatile TRun? _run;
    private volatile bool _disposed;
    private bool _starting;
    private bool _inputComplete;
    private bool _joined;

    /// <summary>The run once started; null before.</summary>
    public TRun? Current => _run;

    public void Start(Func<TRun> launch) => BlockingWait.On(StartAsync(() => Task.FromResult(launch())));

    /// <summary>Launches the run, once; a launch that fails may be tried again.</summary>
    public async Task StartAsync(Func<Task<TRun>> launch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            if (_run is not null || _starting)
            {
                throw new InvalidOperationException($"Start() was already called: a {noun} runs once; create a new one for another run.");
            }

            _starting = true;
        }

        try
        {
            var run = await launch().ConfigureAwait(false);
            bool disposed;
            lock (_gate)
            {
                (_run, disposed) = (run, _disposed);
            }

            if (disposed)
            {
                // Disposed while it started: nobody will join it.
                run.Tracker.Stop(new ObjectDisposedException(owner.GetType().Name));
                await run.StopAsync().ConfigureAwait(false);
                run.Tracker.Release();
                ObjectDisposedException.ThrowIf(true, owner);
            }
        }
        finally
        {
            lock (_gate)
            {
                _starting = false;
            }
        }
    }

    /// <summary>The started run, for <paramref name="call"/>.</summary>
    public TRun RunFor(string call)
    {
        ObjectDisposedException.ThrowIf(_disposed, owner);
        return _run ?? throw new InvalidOperationException($"Call Start() before {call}().");
    }

    /// <summary>TaskDone: the run whose input is now complete.</summary>
    public TRun CompleteInput()
    {
        var run = RunFor("TaskDone");
        lock (_gate)
        {
            _inputComplete = true;
        }

        return run;
    }

    /// <summary>
    /// Waits until every input has been through the result side (or the run stopped), stops the run's
    /// actors, then throws what stopped the run, if anything did. Cancelling stops the wait, not the run.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var run = BeginJoin();
        try
        {
            await run.Tracker.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (run.Tracker.IsStopped)
        {
            // Thrown below, once the actors have stopped (and every mapper's Exit has run).
        }

        lock (_gate)
        {
            _joined = true;
        }

        await run.StopAsync().ConfigureAwait(false);
        run.Tracker.Release();
        if (run.Tracker.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Stops the run if it has not ended (it fails with <see cref="OperationCanceledException"/>) and frees it; once.</summary>
    public async ValueTask DisposeAsync()
    {
        TRun? run;
        bool joined;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            (_disposed, run, joined) = (true, _run, _joined);
        }

        if (run is null)
        {
            return;
        }

        if (!joined)
        {
            if (!run.Tracker.Outcome.IsCompleted)
            {
                run.Tracker.Stop(new OperationCanceledException($"The {noun} was disposed before its run completed."));
            }

            await run.StopAsync().ConfigureAwait(false);
            run.Tracker.Release();
        }

        await run.DisposeAsync().ConfigureAwait(false);
    }

    private TRun BeginJoin()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            var run = _run ?? throw new InvalidOperationException($"Call Start() before Join(), and TaskDone() after the last {addCall}().");
            if (_joined)
            {
                throw new InvalidOperationException($"Join() was already called: a {noun} runs once.");
            }

            if (!_inputComplete && !run.Tracker.IsStopped)
            {
                throw new InvalidOperationException(
                    "Call TaskDone() before Join(): Join() waits for the end of the input, which only TaskDone() marks.");
            }

            return run;
        }
    }
}
