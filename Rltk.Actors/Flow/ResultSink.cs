namespace Rltk.Actors.Flow;

/// <summary>
/// The result side of a run, for every engine: takes each mapped chunk — its failures to the run's
/// failure policy, its outputs to the user's collector (or a reducer's fold), one at a time — counts
/// its inputs as done, and knows when it has taken every chunk the feeder announced. The local
/// collector, the local reducers and the collector of a task run on a cluster are this, in an actor.
/// <c>take</c> is what to do with each output (null when nobody collects them); a failure of it is
/// reported at <c>takeStage</c>.
/// </summary>
internal sealed class ResultSink<TOut>(Action<TOut>? take, FailureStage takeStage, WorkTracker tracker)
{
    private long _takenChunks;
    private long? _expectedChunks;

    /// <summary>True once every chunk announced by <see cref="Expect"/> has been taken.</summary>
    public bool HasTakenAll => _takenChunks == _expectedChunks;

    public void Take(ResultChunk<TOut> chunk)
    {
        foreach (var failure in chunk.Failures)
        {
            tracker.Report(failure);
        }

        if (take is not null)
        {
            foreach (var output in chunk.Outputs)
            {
                if (tracker.IsStopped)
                {
                    return;
                }

                try
                {
                    take(output);
                }
                catch (Exception failure)
                {
                    tracker.Report(new TaskFailedException(takeStage, output, failure));
                }
            }
        }

        tracker.CountDone(chunk.InputCount);
        _takenChunks++;
    }

    /// <summary>The feeder's word: <paramref name="chunkCount"/> chunks are coming in all.</summary>
    public void Expect(long chunkCount) => _expectedChunks = chunkCount;
}
