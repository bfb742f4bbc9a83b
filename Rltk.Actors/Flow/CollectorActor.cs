using Akka.Actor;

namespace Rltk.Actors.Flow;

/// <summary>
/// The single collector of a run — a ParallelProcessor's, or a cluster task's in its client: calls the
/// user's collector for every output, one at a time and never concurrently, reports the failures the
/// mappers sent, and once it has taken every chunk the feeder announced, calls <c>allTaken</c> (which
/// completes the run, or for a cluster's reduce task asks for the workers' contexts to be combined). As it
/// takes a chunk, it calls <c>taken</c>, which frees the bound the chunk held until then (which bound depends on the engine).
/// </summary>
internal sealed class CollectorActor<TOut> : ReceiveActor
{
    private readonly ResultSink<TOut> _sink;
    private readonly Action _taken;
    private readonly Action _allTaken;

    public CollectorActor(Action<TOut>? collect, WorkTracker tracker, Action taken, Action allTaken)
    {
        (_sink, _taken, _allTaken) = (new ResultSink<TOut>(collect, FailureStage.Collector, tracker), taken, allTaken);
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
            _allTaken();
        }
    }
}
