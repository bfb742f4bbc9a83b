using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class MapperQueueTests
{
    private static MapperQueue<string, (Guid Task, int Chunk)> Queue() => new(work => work.Task, work => work.Chunk < 0);

    [Fact]
    public void Chunks_go_to_idle_mappers_in_the_order_they_came()
    {
        var queue = Queue();
        var task = Guid.NewGuid();
        queue.AddMapper("m0");
        queue.AddMapper("m1");
        foreach (var chunk in new[] { 0, 1, 2 })
        {
            queue.Add((task, chunk));
        }

        Assert.Equal([("m0", [(task, 0)]), ("m1", [(task, 1)])], Flat(queue.HandOut()));
        Assert.Empty(queue.HandOut());
        Assert.Equal(3, queue.InHand);

        queue.Freed("m1");
        Assert.Equal([("m1", [(task, 2)])], Flat(queue.HandOut()));
        queue.Freed("m0");
        queue.Freed("m1");
        Assert.True(queue.IsIdle);
    }

    [Fact]
    public void Runs_of_quick_chunks_are_shared_evenly_among_idle_mappers()
    {
        var queue = Queue();
        var task = Guid.NewGuid();
        queue.AddMapper("m0");
        queue.AddMapper("m1");
        foreach (var chunk in Enumerable.Range(0, 5))
        {
            queue.Add((task, chunk));
        }

        Assert.Equal([("m0", [(task, 0), (task, 1), (task, 2)]), ("m1", [(task, 3), (task, 4)])], Flat(queue.HandOut(_ => 8)));
        Assert.False(queue.IsIdle);
        Assert.Equal(5, queue.InHand);

        foreach (var chunk in Enumerable.Range(5, 10))
        {
            queue.Add((task, chunk));
        }

        queue.Freed("m1");
        Assert.Equal(13, queue.InHand);
        Assert.Equal([("m1", Enumerable.Range(5, 4).Select(c => (task, c)).ToArray())], Flat(queue.HandOut(_ => 4)));
    }

    [Fact]
    public void A_run_holds_chunks_of_one_task_each_at_its_own_length()
    {
        var queue = Queue();
        var (quick, slow) = (Guid.NewGuid(), Guid.NewGuid());
        queue.AddMapper("m0");
        foreach (var work in new[] { (quick, 0), (quick, 1), (slow, 0), (slow, 1), (quick, 2) })
        {
            queue.Add(work);
        }

        int RunLength((Guid Task, int Chunk) work) => work.Task == quick ? 8 : 1;
        Assert.Equal([("m0", [(quick, 0), (quick, 1)])], Flat(queue.HandOut(RunLength)));
        queue.Freed("m0");
        Assert.Equal([("m0", [(slow, 0)])], Flat(queue.HandOut(RunLength)));
        queue.Freed("m0");
        Assert.Equal([("m0", [(slow, 1)])], Flat(queue.HandOut(RunLength)));
        queue.Freed("m0");
        Assert.Equal([("m0", [(quick, 2)])], Flat(queue.HandOut(RunLength)));
    }

    [Fact]
    public void A_chunk_that_runs_alone_is_never_part_of_a_run()
    {
        var queue = Queue();
        var task = Guid.NewGuid();
        queue.AddMapper("m0");
        foreach (var chunk in new[] { 0, 1, -2, 3 })
        {
            queue.Add((task, chunk));
        }

        Assert.Equal([("m0", [(task, 0), (task, 1)])], Flat(queue.HandOut(_ => 8)));
        queue.Freed("m0");
        Assert.Equal([("m0", [(task, -2)])], Flat(queue.HandOut(_ => 8)));
        queue.Freed("m0");
        Assert.Equal([("m0", [(task, 3)])], Flat(queue.HandOut(_ => 8)));
    }

    [Fact]
    public void The_waiting_chunks_of_a_closed_task_are_taken_back()
    {
        var queue = Queue();
        var (closed, open) = (Guid.NewGuid(), Guid.NewGuid());
        queue.Add((closed, 0));
        queue.Add((open, 0));
        queue.Add((closed, 1));

        Assert.Equal([(closed, 0), (closed, 1)], queue.DropWaiting(closed));
        queue.AddMapper("m0");
        Assert.Equal([("m0", [(open, 0)])], Flat(queue.HandOut()));
    }

    [Fact]
    public void The_mappers_running_a_task_are_known_by_their_run_until_they_are_freed()
    {
        var queue = Queue();
        var (closing, other) = (Guid.NewGuid(), Guid.NewGuid());
        queue.AddMapper("m0");
        queue.AddMapper("m1");
        queue.Add((closing, 0));
        queue.Add((other, 0));
        queue.Add((closing, 1));
        Assert.Equal(2, queue.HandOut().Count());

        var running = Assert.Single(queue.Running(closing));
        Assert.Equal("m0", running.Mapper);
        Assert.True(queue.IsRunning("m0", running.Run));

        queue.Freed("m0");
        Assert.False(queue.IsRunning("m0", running.Run));
        Assert.Equal([("m0", [(closing, 1)])], Flat(queue.HandOut()));
        var next = Assert.Single(queue.Running(closing));
        Assert.Equal("m0", next.Mapper);
        Assert.NotEqual(running.Run, next.Run);
        Assert.False(queue.IsRunning("m0", running.Run));
        Assert.Equal("m1", Assert.Single(queue.Running(other)).Mapper);
    }

    private static (string, (Guid, int)[])[] Flat(IEnumerable<(string Mapper, IReadOnlyList<(Guid, int)> Works)> handed) =>
        handed.Select(h => (h.Mapper, h.Works.ToArray())).ToArray();
}
