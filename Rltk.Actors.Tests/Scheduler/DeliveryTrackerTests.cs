using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class DeliveryTrackerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_lost_worker_gives_back_the_chunks_its_client_has_not_confirmed()
    {
        var tracker = new DeliveryTracker(Timeout);
        var (lost, kept) = (new NamedRef("lost"), new NamedRef("kept"));
        var task = Guid.NewGuid();
        tracker.Started(new ScheduledChunk(Chunk(task, 0)), lost);
        tracker.Started(new ScheduledChunk(Chunk(task, 1)), lost);
        tracker.Started(new ScheduledChunk(Chunk(task, 2)), kept);
        tracker.WorkerDone(new ChunkDone(task, new ChunkKey(0)), lost, Start);
        tracker.Delivered(task, new ChunkKey(0));

        Assert.Equal([1L], tracker.TakeHeldBy(lost).Select(c => c.Chunk.Key.Number));
        Assert.Equal(1, tracker.Count);
    }

    [Fact]
    public void An_undelivered_result_runs_again_once_then_gives_up()
    {
        var tracker = new DeliveryTracker(Timeout);
        var worker = new NamedRef("worker");
        var task = Guid.NewGuid();
        tracker.Started(new ScheduledChunk(Chunk(task, 7)), worker);
        tracker.WorkerDone(new ChunkDone(task, new ChunkKey(7)), worker, Start);

        Assert.Empty(tracker.Overdue(Start + Timeout / 2).RunAgain);
        var (runAgain, giveUp) = tracker.Overdue(Start + Timeout * 2);
        Assert.Equal(7, Assert.Single(runAgain).Key.Number);
        Assert.Empty(giveUp);

        tracker.Started(new ScheduledChunk(Chunk(task, 7)), worker);
        tracker.WorkerDone(new ChunkDone(task, new ChunkKey(7)), worker, Start + Timeout * 2);
        (runAgain, giveUp) = tracker.Overdue(Start + Timeout * 4);
        Assert.Empty(runAgain);
        Assert.Equal(7, Assert.Single(giveUp).Chunk.Key.Number);
    }

    [Fact]
    public void Only_the_worker_that_holds_a_chunk_can_say_it_is_done()
    {
        var tracker = new DeliveryTracker(Timeout);
        var task = Guid.NewGuid();
        tracker.Started(new ScheduledChunk(Chunk(task, 0)), new NamedRef("holder"));
        tracker.WorkerDone(new ChunkDone(task, new ChunkKey(0)), new NamedRef("stranger"), Start);

        Assert.Empty(tracker.Overdue(Start + Timeout * 10).RunAgain);
        tracker.ForgetTask(task);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void A_done_notice_that_comes_after_the_clients_confirmation_is_taken_once_from_the_worker_that_ran_it()
    {
        var tracker = new DeliveryTracker(Timeout);
        var (worker, stranger) = (new NamedRef("worker"), new NamedRef("stranger"));
        var task = Guid.NewGuid();
        tracker.Started(new ScheduledChunk(Chunk(task, 0)), worker);
        var late = new ChunkDone(task, new ChunkKey(0), InputsFailed: 1);

        var delivered = tracker.Delivered(task, new ChunkKey(0));
        Assert.NotNull(delivered);
        Assert.Null(delivered.Value.Done);
        Assert.Null(tracker.WorkerDone(late, worker, Start));
        Assert.Null(tracker.DoneAfterDelivery(late, stranger));
        Assert.Equal(0, tracker.DoneAfterDelivery(late, worker)?.Key.Number);
        Assert.Null(tracker.DoneAfterDelivery(late, worker));
    }

    private static SubmitChunk Chunk(Guid task, long id) => new(task, new ChunkKey(id), [], 1);
}
