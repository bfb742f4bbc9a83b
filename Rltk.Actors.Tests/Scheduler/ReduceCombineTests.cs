using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class ReduceCombineTests
{
    private static readonly Guid TaskId = Guid.NewGuid();

    [Fact]
    public void The_workers_that_folded_chunks_combine_as_a_binary_heap_whose_root_answers_the_client()
    {
        var combine = new ReduceCombine();
        var (a, b, c, d) = (new NamedRef("a"), new NamedRef("b"), new NamedRef("c"), new NamedRef("d"));
        var client = new NamedRef("client");
        foreach (var worker in new[] { c, a, d, b })
        {
            combine.Folded(worker, Chunk(0));
        }

        var orders = combine.StartRound(TaskId, client).ToDictionary(o => o.Worker, o => o.Order);

        Assert.Equal((2, null), (orders[a].Children, orders[a].Parent));
        Assert.Equal((1, a), (orders[b].Children, orders[b].Parent));
        Assert.Equal((0, a), (orders[c].Children, orders[c].Parent));
        Assert.Equal((0, b), (orders[d].Children, orders[d].Parent));
        Assert.All(orders.Values, order => Assert.Equal((1, client), (order.Round, order.Client)));
        Assert.Equal(4, combine.Combining.Count);
    }

    [Fact]
    public void A_worker_lost_during_a_round_gives_back_its_folded_chunks_and_ends_the_round_and_the_next_round_leaves_it_out()
    {
        var combine = new ReduceCombine();
        var (kept, lost) = (new NamedRef("kept"), new NamedRef("lost"));
        combine.Folded(kept, Chunk(0));
        combine.Folded(lost, Chunk(1));
        combine.Folded(lost, Chunk(2));
        combine.StartRound(TaskId, new NamedRef("client"));

        var (runAgain, roundLost) = combine.WorkerGone(lost);

        Assert.Equal([1L, 2L], runAgain.Select(chunk => chunk.Key.Number));
        Assert.True(roundLost);
        Assert.Empty(combine.Combining);
        var next = Assert.Single(combine.StartRound(TaskId, new NamedRef("client")));
        Assert.Equal((kept, 2, 0), (next.Worker, next.Order.Round, next.Order.Children));
    }

    [Fact]
    public void A_worker_that_folded_nothing_loses_nothing_and_with_no_folds_there_is_no_round()
    {
        var combine = new ReduceCombine();

        var (runAgain, roundLost) = combine.WorkerGone(new NamedRef("idle"));

        Assert.Empty(runAgain);
        Assert.False(roundLost);
        Assert.Empty(combine.StartRound(TaskId, new NamedRef("client")));
    }

    private static ScheduledChunk Chunk(long number) => new(new SubmitChunk(TaskId, new ChunkKey(number), [], 1));
}
