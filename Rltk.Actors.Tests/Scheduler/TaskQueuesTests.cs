using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class TaskQueuesTests
{
    private static readonly HandlerSpec Handler = new("in", "out", "type", 0, null, HandlerKind.Function);

    [Fact]
    public void Tasks_take_turns_and_a_task_without_waiting_chunks_is_skipped()
    {
        var queues = new TaskQueues();
        var (first, second, idle) = (Open(queues), Open(queues), Open(queues));
        foreach (var chunk in new long[] { 0, 1, 2 })
        {
            Assert.True(queues.Enqueue(new SubmitChunk(first, new ChunkKey(chunk), [])));
        }

        Assert.True(queues.Enqueue(new SubmitChunk(second, new ChunkKey(0), [])));

        var order = new List<(Guid, long)>();
        while (queues.Next() is var (task, chunk))
        {
            order.Add((task.Id, chunk.Key.Number));
        }

        Assert.Equal([(first, 0L), (second, 0L), (first, 1L), (first, 2L)], order);
        Assert.DoesNotContain(order, o => o.Item1 == idle);
    }

    [Fact]
    public void A_requeued_chunk_runs_before_the_waiting_ones_and_a_closed_task_takes_none()
    {
        var queues = new TaskQueues();
        var task = Open(queues);
        queues.Enqueue(new SubmitChunk(task, new ChunkKey(1), []));
        queues.Requeue(new ScheduledChunk(new SubmitChunk(task, new ChunkKey(0), [])));

        Assert.Equal(0, queues.Next()!.Value.Chunk.Key.Number);
        Assert.Equal(1, queues.QueuedChunks);

        Assert.NotNull(queues.Close(task));
        Assert.False(queues.Enqueue(new SubmitChunk(task, new ChunkKey(2), [])));
        queues.Requeue(new ScheduledChunk(new SubmitChunk(task, new ChunkKey(0), [])));
        Assert.Null(queues.Next());
        Assert.Null(queues.Close(task));
    }

    [Fact]
    public void Tasks_are_found_by_their_client_and_their_session()
    {
        var queues = new TaskQueues();
        var (client, other) = (new NamedRef("client"), new NamedRef("other"));
        var session = Guid.NewGuid();
        var mine = Open(queues, session, client);
        Open(queues, Guid.NewGuid(), other);

        Assert.Equal(mine, Assert.Single(queues.OfReceiver(client)).Id);
        Assert.Equal(mine, Assert.Single(queues.OfSession(session)).Id);
    }

    private static Guid Open(TaskQueues queues, Guid? session = null, Akka.Actor.IActorRef? receiver = null)
    {
        var id = Guid.NewGuid();
        queues.Open(new ScheduledTask(new OpenTask(id, session ?? Guid.NewGuid(), Handler, [], receiver ?? new NamedRef("receiver"))));
        return id;
    }
}
