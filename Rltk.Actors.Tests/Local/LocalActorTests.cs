using Akka.Actor;
using Akka.TestKit.Xunit2;
using Rltk.Actors.Flow;
using Rltk.Actors.Local;
using Rltk.Actors.Mapping;

namespace Rltk.Actors.Tests.Local;

/// <summary>The mapper, collector and reducer actors on their own, driven message by message.</summary>
public class ActorTests : TestKit
{
    private readonly WorkTracker _tracker = new(chunkBound: 8, resultBound: 8, onError: null);

    [Fact]
    public void A_mapper_answers_the_sender_of_a_chunk_with_its_outputs()
    {
        var mapper = Sys.ActorOf(MapperProps(x => x * 2, keepOutputs: true));

        SendChunk(mapper, new WorkChunk<int>(7, [1, 2, 3]));

        var result = ExpectMsg<ResultChunk<int>>();
        Assert.Equal(7, result.ChunkId);
        Assert.Equal([2, 4, 6], result.Outputs);
        Assert.Empty(result.Failures);
        Assert.Equal(3, result.InputCount);
    }

    [Fact]
    public void A_mapper_puts_a_failing_input_in_the_answer_and_maps_the_rest()
    {
        var mapper = Sys.ActorOf(MapperProps(x => 10 / x, keepOutputs: true));

        SendChunk(mapper, new WorkChunk<int>(0, [5, 0, 2]));

        var result = ExpectMsg<ResultChunk<int>>();
        Assert.Equal([2, 5], result.Outputs);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(0, failure.Input);
        Assert.Equal(FailureStage.Mapper, failure.Stage);
        Assert.IsType<DivideByZeroException>(failure.InnerException);
    }

    [Fact]
    public void A_mapper_without_a_collector_sends_back_only_the_count()
    {
        var mapper = Sys.ActorOf(MapperProps(x => x, keepOutputs: false));

        SendChunk(mapper, new WorkChunk<int>(0, [1, 2, 3, 4]));

        var result = ExpectMsg<ResultChunk<int>>();
        Assert.Empty(result.Outputs);
        Assert.Equal(4, result.InputCount);
    }

    [Fact]
    public void A_pre_reducing_mapper_sends_one_partial_per_chunk()
    {
        var mapper = Sys.ActorOf(MapperProps(x => x * x, keepOutputs: true, combine: (a, b) => a + b));

        SendChunk(mapper, new WorkChunk<int>(0, [1, 2, 3]));

        Assert.Equal([14], ExpectMsg<ResultChunk<int>>().Outputs);
    }

    [Fact]
    public void A_mapper_enters_before_its_first_chunk_and_exits_when_stopped()
    {
        var user = new LifecycleMapper();
        var mapper = Sys.ActorOf(Props.Create(() => new MapperActor<int, int>(
            new MapperPlan<int, int>(() => user, true, null, _tracker, BatchSizer.Fixed(1)))));
        Watch(mapper);

        SendChunk(mapper, new WorkChunk<int>(0, [1]));
        ExpectMsg<ResultChunk<int>>();
        Sys.Stop(mapper);
        ExpectTerminated(mapper);

        Assert.Equal(["enter 0", "process 1", "exit"], user.Calls);
    }

    [Fact]
    public async Task The_collector_completes_the_run_once_it_has_every_announced_chunk()
    {
        var collected = new List<int>();
        var collector = Sys.ActorOf(Props.Create(() => new CollectorActor<int>(collected.Add, _tracker, _tracker.ReleaseResultSlot, _tracker.Complete)));

        SendResult(collector, new ResultChunk<int>(1, [3, 4], [], 2));
        collector.Tell(new InputComplete(2));
        SendResult(collector, new ResultChunk<int>(0, [1, 2], [], 2));

        await _tracker.Outcome.Within();
        Assert.Equal([1, 2, 3, 4], collected.Order());
        Assert.Equal(4, _tracker.Counts().Completed);
    }

    [Fact]
    public async Task The_collector_stops_the_run_on_a_failure_the_mapper_sent()
    {
        Action<int> ignore = _ => { };
        var collector = Sys.ActorOf(Props.Create(() => new CollectorActor<int>(ignore, _tracker, _tracker.ReleaseResultSlot, _tracker.Complete)));
        var failure = new TaskFailedException(FailureStage.Mapper, 9, new InvalidOperationException("bad"));

        SendResult(collector, new ResultChunk<int>(0, [], [failure], 1));

        Assert.Same(failure, await Assert.ThrowsAsync<TaskFailedException>(() => _tracker.Outcome.Within()));
    }

    [Fact]
    public async Task Reducers_fold_their_chunks_and_combine_contexts_up_the_tree()
    {
        ReducedContext<int>? result = null;
        var reducers = new IActorRef[3];
        for (var index = 0; index < reducers.Length; index++)
        {
            var plan = new ReducerPlan<int>((a, b) => a + b, _tracker, index, 3,
                index == 0 ? null : reducers[(index - 1) / 2], new ReducedContext<int>(false, 0), r => result = r);
            reducers[index] = Sys.ActorOf(Props.Create(() => new ReducerActor<int>(plan)));
        }

        // Chunk i belongs to reducer i mod 3.
        for (var chunk = 0; chunk < 7; chunk++)
        {
            SendResult(reducers[chunk % 3], new ResultChunk<int>(chunk, [chunk * 10], [], 1));
        }

        foreach (var reducer in reducers)
        {
            reducer.Tell(new InputComplete(7));
        }

        await _tracker.Outcome.Within();
        Assert.Equal(new ReducedContext<int>(true, 210), result);
    }

    private Props MapperProps(Func<int, int> map, bool keepOutputs, Func<int, int, int>? combine = null)
    {
        var plan = new MapperPlan<int, int>(
            Mappers.From(map), keepOutputs, combine, _tracker, BatchSizer.Fixed(1));
        return Props.Create(() => new MapperActor<int, int>(plan));
    }

    // The feeder takes a chunk slot before sending a chunk; the mapper gives it back.
    private void SendChunk(IActorRef mapper, WorkChunk<int> chunk)
    {
        _tracker.AcquireChunkSlot();
        mapper.Tell(chunk, TestActor);
    }

    // A mapper takes a result slot before sending its results; the result actor gives it back.
    private void SendResult(IActorRef resultActor, ResultChunk<int> chunk)
    {
        Assert.True(_tracker.TryAcquireResultSlot());
        resultActor.Tell(chunk);
    }

    private sealed class LifecycleMapper : Mapper<int, int>
    {
        public List<string> Calls { get; } = [];

        public override void Enter() => Calls.Add($"enter {Index}");

        public override int Process(int input)
        {
            Calls.Add($"process {input}");
            return input;
        }

        public override void Exit(Exception? error) => Calls.Add("exit");
    }
}
