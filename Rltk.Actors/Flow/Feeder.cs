namespace Rltk.Actors.Flow;

/// <summary>
/// The producer's side of a run: gathers added inputs into chunks numbered 0, 1, 2…, waits for a free
/// slot, and hands each chunk to <c>dispatch</c> (which may wait for more, as a chunk too large for one
/// message does); at the end, hands the chunk count to <c>complete</c>. Safe to call from several threads.
/// </summary>
internal sealed class Feeder<TIn>
{
    private readonly Lock _gate = new();
    private readonly WorkTracker _tracker;
    private readonly BatchSizer _sizer;
    private readonly Func<WorkChunk<TIn>, CancellationToken, ValueTask> _dispatch;
    private readonly Action<long> _complete;
    private TIn[] _buffer;
    private int _count;
    private long _nextChunkId;
    private bool _inputComplete;

    public Feeder(WorkTracker tracker, BatchSizer sizer, Func<WorkChunk<TIn>, CancellationToken, ValueTask> dispatch, Action<long> complete)
    {
        _tracker = tracker;
        _sizer = sizer;
        _dispatch = dispatch;
        _complete = complete;
        _buffer = new TIn[sizer.Next()];
    }

    public void Add(TIn input)
    {
        if (Append(input) is { } full)
        {
            _tracker.AcquireChunkSlot();
            Dispatch(full);
        }
    }

    public async ValueTask AddAsync(TIn input, CancellationToken cancellationToken)
    {
        if (Append(input) is { } full)
        {
            try
            {
                await _tracker.AcquireChunkSlotAsync(cancellationToken).ConfigureAwait(false);
                await _dispatch(full, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
            {
                // The chunk has left the buffer (or part of it has gone) and cannot be put back: a cancelled wait cancels the run.
                _tracker.Stop(cancelled);
                throw;
            }
        }
    }

    /// <summary>Sends what is buffered, then says how many chunks there were.</summary>
    public void Complete()
    {
        WorkChunk<TIn>? last;
        long chunkCount;
        lock (_gate)
        {
            ThrowIfInputComplete();
            _inputComplete = true;
            last = _count > 0 ? Take() : null;
            chunkCount = _nextChunkId;
        }

        if (last is not null)
        {
            _tracker.AcquireChunkSlot();
            Dispatch(last);
        }

        _complete(chunkCount);
    }

    /// <summary>Dispatches on the caller's thread, waiting if the dispatch must (the synchronous calls are the user's to block).</summary>
    private void Dispatch(WorkChunk<TIn> chunk)
    {
        var sent = _dispatch(chunk, CancellationToken.None);
        if (!sent.IsCompletedSuccessfully)
        {
            BlockingWait.On(sent.AsTask());
        }
    }

    private WorkChunk<TIn>? Append(TIn input)
    {
        lock (_gate)
        {
            ThrowIfInputComplete();
            if (_tracker.IsStopped)
            {
                _tracker.ThrowFailure();
            }

            _buffer[_count++] = input;
            _tracker.CountAdded();
            return _count == _buffer.Length ? Take() : null;
        }
    }

    private WorkChunk<TIn> Take()
    {
        var inputs = _count == _buffer.Length ? _buffer : _buffer[.._count];
        var chunk = new WorkChunk<TIn>(_nextChunkId++, inputs);
        _buffer = new TIn[_sizer.Next()];
        _count = 0;
        return chunk;
    }

    private void ThrowIfInputComplete()
    {
        if (_inputComplete)
        {
            throw new InvalidOperationException(
                "TaskDone() was already called: add every task before calling TaskDone(), and call it once.");
        }
    }
}
