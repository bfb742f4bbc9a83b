using Akka.Actor;

namespace Rltk.Actors.Flow;

/// <summary>
/// The single collector of a run — a ParallelProcessor's, or a cluster task's in its client: calls the
/// user's collector for every output, one at a time and never concurrently, reports the failures the
/// mappers sent, and completes the run once it has taken every chunk the feeder announced. As it takes
/// a chunk, it calls <c>taken</c>, which frees the bound the chunk held until then (which bound depends on the engine).
/// </summary>
internal sealed class CollectorActor<TOut> : ReceiveActor
{
    private readonly ResultSink<TOut> _sink;
    private readonly WorkTracker _tracker;
    private readonly Action _taken;

    public CollectorActor(Action<TOut>? collect, WorkTracker tracker, Action taken)
    {
        (_sink, _tracker, _taken) = (new ResultSink<TOut>(collect, FailureStage.Collector, tracker), tracker, taken);
        Receive<ResultChunk<TOut>>(HandleResult);
        Receive<InputComplete>(HandleInputComplete);
    }

    private void HandleResult(ResultChunk<TOut> chunk)
    {
        _taken();
        _sink.Take(chunk);
        CompleteIfDone();
    }

    private void HandleInputComplete(InputComplete end)
    {
        _sink.Expect(end.ChunkCount);
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_sink.HasTakenAll)
        {
            _tracker.Complete();
        }
    }
}
