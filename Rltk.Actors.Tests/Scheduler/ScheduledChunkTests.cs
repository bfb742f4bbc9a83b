using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class ScheduledChunkTests
{
    private const int AllowedFailures = 3;

    [Fact]
    public void A_chunk_runs_watched_after_a_first_death_and_the_input_running_at_later_deaths_is_blamed_for_all_of_them()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(4), [1, 2, 3]));
        Assert.Null(chunk.Suspect);

        Assert.Null(chunk.WorkerDied(AllowedFailures));
        Assert.Equal([], chunk.Suspect!.Skip);

        chunk.RunningInput = (7, [7]);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.RunningInput = (7, [7]);
        var poison = chunk.WorkerDied(AllowedFailures);

        Assert.Equal(7, poison!.Index);
        Assert.Equal(3, poison.Workers);
        Assert.Equal([7], chunk.Suspect!.Skip);
        Assert.Equal([7], chunk.Assignment.Suspect!.Skip);
    }

    [Fact]
    public void Deaths_at_different_inputs_are_counted_apart()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), []));

        chunk.RunningInput = (1, [1]);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.RunningInput = (2, [2]);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.RunningInput = (1, [1]);
        Assert.Null(chunk.WorkerDied(AllowedFailures));
        chunk.RunningInput = (1, [1]);

        Assert.Equal(1, chunk.WorkerDied(AllowedFailures)!.Index);
    }

    [Fact]
    public void With_one_allowed_failure_a_chunk_that_kills_a_worker_is_given_up_whole()
    {
        var chunk = new ScheduledChunk(new SubmitChunk(Guid.NewGuid(), new ChunkKey(0), []));

        var poison = chunk.WorkerDied(allowedFailures: 1);

        Assert.Null(poison!.Index);
        Assert.Equal(1, poison.Workers);
    }
}
