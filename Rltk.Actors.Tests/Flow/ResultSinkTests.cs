using Rltk.Actors.Flow;

namespace Rltk.Actors.Tests.Flow;

public sealed class ResultSinkTests
{
    [Fact]
    public void It_takes_every_output_counts_inputs_and_knows_when_it_has_all_chunks()
    {
        var tracker = new WorkTracker(chunkBound: 4, resultBound: 4, onError: null);
        var taken = new List<int>();
        var sink = new ResultSink<int>(taken.Add, FailureStage.Collector, tracker);

        sink.Take(new ResultChunk<int>(1, [3], [], 2));
        sink.Expect(2);
        Assert.False(sink.HasTakenAll);
        sink.Take(new ResultChunk<int>(0, [1, 2], [], 2));

        Assert.True(sink.HasTakenAll);
        Assert.Equal([3, 1, 2], taken);
        Assert.Equal(4, tracker.Counts().Completed);
    }

    [Fact]
    public void A_failing_output_is_reported_at_its_stage_and_the_others_are_taken()
    {
        var reported = new List<TaskFailedException>();
        var tracker = new WorkTracker(4, 4, reported.Add);
        var taken = new List<int>();
        var sink = new ResultSink<int>(output => taken.Add(10 / output), FailureStage.Reducer, tracker);

        sink.Take(new ResultChunk<int>(0, [5, 0, 2], [], 3));

        Assert.Equal([2, 5], taken);
        var failure = Assert.Single(reported);
        Assert.Equal((FailureStage.Reducer, (object?)0), (failure.Stage, failure.Input));
    }

    [Fact]
    public async Task A_mapper_that_could_not_start_stops_the_run_even_with_an_error_callback()
    {
        var reported = new List<TaskFailedException>();
        var tracker = new WorkTracker(4, 4, reported.Add);
        var sink = new ResultSink<int>(_ => { }, FailureStage.Collector, tracker);
        var enter = new TaskFailedException(FailureStage.Enter, null, new InvalidOperationException("no store"));

        sink.Take(new ResultChunk<int>(0, [], [enter], 0));

        Assert.Empty(reported);
        Assert.Same(enter, await Assert.ThrowsAsync<TaskFailedException>(() => tracker.Outcome));
    }
}
