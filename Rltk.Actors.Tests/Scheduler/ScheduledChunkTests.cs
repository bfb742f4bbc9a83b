using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class ScheduledChunkTests
{
    private const int AllowedFailures = 3;

    [Fact]
    public void Held_by_a_dead_worker_a_chunk_runs_announced_then_watched_and_the_input_running_at_the_last_death_is_blamed_for_all()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(4), [1, 2, 3], 1));
        Assert.Null(chunk.Suspect);

        chunk.HeldByTheDead();
        Assert.False(chunk.Suspect!.EachInput);

        chunk.Assigned();
        chunk.Starting(null);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        Assert.True(chunk.Suspect!.EachInput);
        Assert.Equal([], chunk.Suspect.Skip);

        chunk.Assigned();
        chunk.Starting(7);
        var poison = chunk.WorkerDied(AllowedFailures);

        Assert.Equal((7, 3), (poison!.Index, poison.Workers));
        Assert.Equal([new SkippedInput(7, 3)], chunk.Suspect!.Skip);
        Assert.Equal([new SkippedInput(7, 3)], chunk.Assignment.Suspect!.Skip);
    }

    [Fact]
    public void Being_held_by_dead_workers_counts_once_however_often()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), [], 1));
        for (var death = 0; death < 5; death++)
        {
            chunk.HeldByTheDead();
        }

        chunk.Starting(2);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.Starting(2);

        var poison = chunk.WorkerDied(AllowedFailures);
        Assert.Equal((2, 3), (poison!.Index, poison.Workers));
    }

    [Fact]
    public void Only_the_chunks_a_dead_worker_said_it_started_were_running()
    {
        var started = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), [], 1));
        var waiting = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(1), [], 1));
        Assert.Empty(ScheduledChunk.RunningAtDeath([started, waiting]));

        started.Starting(null);

        Assert.Equal([started], ScheduledChunk.RunningAtDeath([started, waiting]));
        started.Assigned();
        Assert.Empty(ScheduledChunk.RunningAtDeath([started, waiting]));
    }

    [Fact]
    public void Deaths_at_different_inputs_are_counted_apart()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), [], 1));

        chunk.Starting(1);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.Starting(2);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.Starting(1);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.Starting(1);

        Assert.Equal(1, chunk.WorkerDied(AllowedFailures)!.Index);
    }

    [Fact]
    public void With_one_allowed_failure_a_chunk_that_kills_a_worker_running_it_is_given_up_whole()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), [], 1));
        chunk.Starting(null);

        var poison = chunk.WorkerDied(allowedFailures: 1);

        Assert.Null(poison!.Index);
        Assert.Equal(1, poison.Workers);
    }
}
