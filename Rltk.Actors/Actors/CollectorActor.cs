using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Actors;

/// <summary>
/// The single collector of a ParallelProcessor: calls the user's collector for every output, one at a
/// time and never concurrently, reports the failures the mappers sent, and completes the run once it
/// has taken every chunk the feeder announced.
/// </summary>
internal sealed class CollectorActor<TOut> : ReceiveActor
{
    private readonly Action<TOut>? _collect;
    private readonly WorkTracker _tracker;
    private long _collectedChunks;
    private long? _expectedChunks;

    public CollectorActor(Action<TOut>? collect, WorkTracker tracker)
    {
        _collect = collect;
        _tracker = tracker;
        Receive<ResultChunk<TOut>>(Collect);
        Receive<InputComplete>(end =>
        {
            _expectedChunks = end.ChunkCount;
            CompleteIfDone();
        });
    }

    private void Collect(ResultChunk<TOut> chunk)
    {
        _tracker.ReleaseResultSlot();
        foreach (var failure in chunk.Failures)
        {
            _tracker.Report(failure);
        }

        if (_collect is not null)
        {
            foreach (var output in chunk.Outputs)
            {
                if (_tracker.IsStopped)
                {
                    return;
                }

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

        _tracker.CountProcessed(chunk.InputCount);
        _collectedChunks++;
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_collectedChunks == _expectedChunks)
        {
            _tracker.Complete();
        }
    }
}
