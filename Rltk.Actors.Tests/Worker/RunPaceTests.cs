using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class RunPaceTests
{
    [Fact]
    public void Before_any_chunk_has_run_a_mapper_takes_one_at_a_time()
    {
        Assert.Equal(1, new RunPace().PerMapper);
    }

    [Fact]
    public void Quick_chunks_go_several_to_a_run_up_to_the_budget()
    {
        var pace = new RunPace();
        for (var i = 0; i < 20; i++)
        {
            pace.Ran(TimeSpan.FromMicroseconds(100));
        }

        Assert.InRange(pace.PerMapper, 9, 11);

        for (var i = 0; i < 20; i++)
        {
            pace.Ran(TimeSpan.FromTicks(1));
        }

        Assert.Equal(RunPace.MaxRun, pace.PerMapper);
    }

    [Fact]
    public void Chunks_of_a_millisecond_or_more_go_one_at_a_time()
    {
        var pace = new RunPace();
        for (var i = 0; i < 20; i++)
        {
            pace.Ran(TimeSpan.FromMicroseconds(1));
        }

        for (var i = 0; i < 40; i++)
        {
            pace.Ran(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(1, pace.PerMapper);
    }
}
