using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class RunPaceTests
{
    private static readonly Guid Task = Guid.NewGuid();

    [Fact]
    public void Before_any_chunk_of_a_task_has_run_a_mapper_takes_its_chunks_one_at_a_time()
    {
        var pace = new RunPace();
        pace.Ran(Guid.NewGuid(), TimeSpan.FromTicks(1));

        Assert.Equal(1, pace.PerMapper(Task));
    }

    [Fact]
    public void Quick_chunks_go_several_to_a_run_up_to_the_budget()
    {
        var pace = new RunPace();
        for (var i = 0; i < 20; i++)
        {
            pace.Ran(Task, TimeSpan.FromMicroseconds(100));
        }

        Assert.InRange(pace.PerMapper(Task), 9, 11);

        for (var i = 0; i < 20; i++)
        {
            pace.Ran(Task, TimeSpan.FromTicks(1));
        }

        Assert.Equal(RunPace.MaxRun, pace.PerMapper(Task));
    }

    [Fact]
    public void Chunks_of_a_millisecond_or_more_go_one_at_a_time_whatever_other_tasks_do()
    {
        var (pace, quick) = (new RunPace(), Guid.NewGuid());
        for (var i = 0; i < 20; i++)
        {
            pace.Ran(Task, TimeSpan.FromMicroseconds(1));
            pace.Ran(quick, TimeSpan.FromMicroseconds(1));
        }

        for (var i = 0; i < 40; i++)
        {
            pace.Ran(Task, TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(1, pace.PerMapper(Task));
        Assert.Equal(RunPace.MaxRun, pace.PerMapper(quick));
    }

    [Fact]
    public void A_closed_task_is_forgotten()
    {
        var pace = new RunPace();
        pace.Ran(Task, TimeSpan.FromTicks(1));
        pace.Forget(Task);

        Assert.Equal(1, pace.PerMapper(Task));
    }
}
