using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class MapperQueueTests
{
    [Fact]
    public void Chunks_go_to_idle_mappers_in_the_order_they_came()
    {
        var queue = new MapperQueue<string, (Guid Task, int Chunk)>(work => work.Task);
        var task = Guid.NewGuid();
        queue.AddMapper("m0");
        queue.AddMapper("m1");
        foreach (var chunk in new[] { 0, 1, 2 })
        {
            queue.Add((task, chunk));
        }

        Assert.Equal([("m0", (task, 0)), ("m1", (task, 1))], queue.HandOut().ToArray());
        Assert.Empty(queue.HandOut());
        Assert.Equal(3, queue.InHand);

        queue.Freed("m1");
        Assert.Equal([("m1", (task, 2))], queue.HandOut().ToArray());
        queue.Freed("m0");
        queue.Freed("m1");
        Assert.True(queue.IsIdle);
    }

    [Fact]
    public void The_waiting_chunks_of_a_closed_task_are_taken_back()
    {
        var queue = new MapperQueue<string, (Guid Task, int Chunk)>(work => work.Task);
        var (closed, open) = (Guid.NewGuid(), Guid.NewGuid());
        queue.Add((closed, 0));
        queue.Add((open, 0));
        queue.Add((closed, 1));

        Assert.Equal([(closed, 0), (closed, 1)], queue.DropWaiting(closed));
        queue.AddMapper("m0");
        Assert.Equal([("m0", (open, 0))], queue.HandOut().ToArray());
    }
}
