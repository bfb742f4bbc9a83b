namespace Rltk.Actors.Flow;

/// <summary>
/// pyrallel's life cycle, which every engine and task follows: Start once, add inputs, TaskDone once,
/// Join once, Dispose. A call out of turn is an exception that says what to do. Safe to call from several threads.
/// </summary>
/// <param name="owner">The engine or task, named by <see cref="ObjectDisposedException"/>.</param>
/// <param name="runsOnce">How the owner says it runs once, e.g. "a processor runs once".</param>
/// <param name="addCall">The owner's call that adds an input, e.g. "AddTask".</param>
/// <param name="isStopped">Whether a run has stopped early: then Join may come without TaskDone.</param>
internal sealed class RunLifecycle<TRun>(object owner, string runsOnce, string addCall, Func<TRun, bool> isStopped)
    where TRun : class
{
    private readonly Lock _gate = new();
    private volatile TRun? _run;
    private volatile bool _disposed;
    private bool _inputComplete;
    private bool _joined;

    /// <summary>The run once started; null before.</summary>
    public TRun? Current => _run;

    public void Start(Func<TRun> launch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            if (_run is not null)
            {
                throw new InvalidOperationException($"Start() was already called: {runsOnce}; create a new one for another run.");
            }

            _run = launch();
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

    /// <summary>The run Join may wait for now; the caller waits, then calls <see cref="Joined"/>.</summary>
    public TRun BeginJoin()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, owner);
            var run = _run ?? throw new InvalidOperationException($"Call Start() before Join(), and TaskDone() after the last {addCall}().");
            if (_joined)
            {
                throw new InvalidOperationException($"Join() was already called: {runsOnce}.");
            }

            if (!_inputComplete && !isStopped(run))
            {
                throw new InvalidOperationException(
                    "Call TaskDone() before Join(): Join() waits for the end of the input, which only TaskDone() marks.");
            }

            return run;
        }
    }

    public void Joined()
    {
        lock (_gate)
        {
            _joined = true;
        }
    }

    /// <summary>Marks the owner disposed. False when it already was; otherwise the run (if started) and whether it was joined.</summary>
    public bool TryDispose(out TRun? run, out bool joined)
    {
        lock (_gate)
        {
            (run, joined) = (_run, _joined);
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            return true;
        }
    }
}
