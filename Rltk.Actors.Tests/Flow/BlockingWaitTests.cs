using Rltk.Actors.Flow;

namespace Rltk.Actors.Tests.Flow;

/// <summary>Runs alone: the thread pool's minimum is the whole process's, and other tests' blocking calls move it too.</summary>
[Collection(nameof(BlockingWaitTests))]
public sealed class BlockingWaitTests
{
    [Fact]
    public async Task A_pool_thread_blocked_raises_the_pools_minimum_while_it_waits_puts_it_back_and_gets_the_tasks_own_exception()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = MinimumWorkers();

        var waiting = Task.Run(() => BlockingWait.On(release.Task));
        await Waiting.Until(() => MinimumWorkers() == before + 1, () => $"the minimum is {MinimumWorkers()}, was {before}");
        release.SetException(new FormatException("the task's own"));

        var thrown = await Assert.ThrowsAsync<FormatException>(() => waiting.Within());
        Assert.Equal("the task's own", thrown.Message);
        Assert.Equal(before, MinimumWorkers());
    }

    private static int MinimumWorkers()
    {
        ThreadPool.GetMinThreads(out var workers, out _);
        return workers;
    }
}

[CollectionDefinition(nameof(BlockingWaitTests), DisableParallelization = true)]
public sealed class BlockingWaitCollection;
