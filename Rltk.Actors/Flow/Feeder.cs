using Akka.Actor;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Flow;

/// <summary>
/// The producer's side of a run: gathers added inputs into chunks, waits for a free mapper slot,
/// and sends each chunk to the mapper pool with the result actor that is to receive its results as
/// the sender. Chunk <c>i</c> goes to result actor <c>i mod n</c>, so each result actor can work out
/// from <see cref="InputComplete"/> how many chunks are its own. Safe to call from several threads.
/// </summary>
internal sealed class Feeder<TIn>
{
    private readonly Lock _gate = new();
    private readonly WorkTracker _tracker;
    private readonly BatchSizer _sizer;
    private readonly IActorRef _mappers;
    private readonly IReadOnlyList<IActorRef> _resultActors;
    private TIn[] _buffer;
    private int _count;
    private long _nextChunkId;
    private bool _inputComplete;

    public Feeder(WorkTracker tracker, BatchSizer sizer, IActorRef mappers, IReadOnlyList<IActorRef> resultActors)
    {
        _tracker = tracker;
        _sizer = sizer;
        _mappers = mappers;
        _resultActors = resultActors;
        _buffer = new TIn[sizer.Next()];
    }

    public void Add(TIn input)
    {
        if (Append(input) is { } full)
        {
            _tracker.AcquireMapperSlot();
            Dispatch(full);
        }
    }

    public async ValueTask AddAsync(TIn input, CancellationToken cancellationToken)
    {
        if (Append(input) is { } full)
        {
            try
            {
                await _tracker.AcquireMapperSlotAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
            {
                // The chunk has left the buffer and cannot be put back: a cancelled wait cancels the run.
                _tracker.Stop(cancelled);
                throw;
            }

            Dispatch(full);
        }
    }

    /// <summary>Sends what is buffered, then tells every result actor how many chunks there were.</summary>
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
            _tracker.AcquireMapperSlot();
            Dispatch(last);
        }

        var end = new InputComplete(chunkCount);
        foreach (var resultActor in _resultActors)
        {
            resultActor.Tell(end);
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

    private void Dispatch(WorkChunk<TIn> chunk) =>
        _mappers.Tell(chunk, _resultActors[(int)(chunk.ChunkId % _resultActors.Count)]);

    private void ThrowIfInputComplete()
    {
        if (_inputComplete)
        {
            throw new InvalidOperationException(
                "TaskDone() was already called: add every task before calling TaskDone(), and call it once.");
        }
    }
}
