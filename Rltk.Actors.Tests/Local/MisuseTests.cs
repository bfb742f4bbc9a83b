namespace Rltk.Actors.Tests.Local;

/// <summary>Calls in the wrong order and bad arguments: each a clear exception that says what to do, never a hang.</summary>
public class MisuseTests
{
    [Fact]
    public void AddTask_before_Start_says_to_call_Start()
    {
        using var pp = new ParallelProcessor<int>(1, _ => { });

        var error = Assert.Throws<InvalidOperationException>(() => pp.AddTask(1));
        Assert.Contains("Start()", error.Message);
    }

    [Fact]
    public async Task Join_before_Start_says_to_call_Start()
    {
        using var pp = new ParallelProcessor<int>(1, _ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pp.JoinAsync().Within());
        Assert.Contains("Start()", error.Message);
    }

    [Fact]
    public void An_async_mapper_that_returns_nothing_is_refused_saying_to_give_it_a_result()
    {
        // async void: the engine could not wait for it, and its exceptions would end the process.
        var error = Assert.Throws<ArgumentException>(() => new ParallelProcessor<int>(1, async _ => await Task.Yield()));
        Assert.Contains("async void", error.Message);
        Assert.Contains("ParallelProcessor<TIn, bool>", error.Message);
        Assert.Throws<ArgumentException>(() => new ParallelProcessor<int>(1, async (_, _) => await Task.Yield()));
    }

    [Fact]
    public void A_second_Start_is_refused()
    {
        using var pp = new ParallelProcessor<int>(1, _ => { });
        pp.Start();

        var error = Assert.Throws<InvalidOperationException>(pp.Start);
        Assert.Contains("already", error.Message);
    }

    [Fact]
    public void AddTask_after_TaskDone_is_refused()
    {
        using var pp = new ParallelProcessor<int>(1, _ => { });
        pp.Start();
        pp.AddTask(1);
        pp.TaskDone();

        var error = Assert.Throws<InvalidOperationException>(() => pp.AddTask(2));
        Assert.Contains("TaskDone()", error.Message);
        Assert.Throws<InvalidOperationException>(pp.TaskDone);
    }

    [Fact]
    public async Task Join_before_TaskDone_says_to_call_TaskDone_instead_of_waiting_forever()
    {
        await using var mr = new MapReduce<int, int>(1, x => x, (a, b) => a + b);
        mr.Start();
        mr.AddTask(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => mr.JoinAsync().Within());
        Assert.Contains("TaskDone()", error.Message);
    }

    [Fact]
    public async Task A_second_Join_is_refused()
    {
        var pp = new ParallelProcessor<int>(1, _ => { });
        pp.Start();
        pp.TaskDone();
        await pp.JoinAsync().Within();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pp.JoinAsync().Within());
    }

    [Fact]
    public void Calls_after_Dispose_are_refused()
    {
        var pp = new ParallelProcessor<int>(1, _ => { });
        pp.Start();
        pp.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pp.AddTask(1));
        Assert.Throws<ObjectDisposedException>(pp.TaskDone);
        pp.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(100_000)]
    public void A_mapper_count_of_none_or_of_more_threads_than_a_node_runs_is_refused(int mappers)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelProcessor<int>(mappers, _ => { }));
        Assert.Equal("numberOfMappers", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MapReduce<int, int>(mappers, x => x, (a, b) => a + b));
    }

    [Fact]
    public void Non_positive_sizes_are_refused_with_the_option_named()
    {
        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParallelProcessor<int>(1, _ => { }, new ProcessorOptions { BatchSize = 0 })).ParamName);
        Assert.Equal("MaxSizePerMapperQueue", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParallelProcessor<int>(1, _ => { }, new ProcessorOptions { MaxSizePerMapperQueue = 0 })).ParamName);
        Assert.Equal("MaxSizePerCollectorQueue", Assert.Throws<ArgumentOutOfRangeException>(
            () => new MapReduce<int, int>(1, x => x, (a, b) => a + b, new ProcessorOptions { MaxSizePerCollectorQueue = -1 })).ParamName);
        Assert.Equal("ProgressInterval", Assert.Throws<ArgumentOutOfRangeException>(
            () => new ParallelProcessor<int>(1, _ => { }, new ProcessorOptions { ProgressInterval = TimeSpan.Zero })).ParamName);
    }

    [Fact]
    public void Null_handlers_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new ParallelProcessor<int, int>(1, (Func<int, int>)null!));
        Assert.Throws<ArgumentNullException>(() => new ParallelProcessor<int>(1, (Action<int>)null!));
        Assert.Throws<ArgumentNullException>(() => new MapReduce<int, int>(1, x => x, null!));
    }
}
