using System.Collections.Concurrent;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The synchronous API called from many thread-pool threads at once, as <c>Parallel.For</c> or <c>Task.Run</c> over jobs calls it.</summary>
public sealed class BlockingCallerTests
{
    [Fact]
    public async Task Twenty_jobs_blocking_thread_pool_threads_in_the_synchronous_API_at_once_all_complete()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "2");
        await scheduler.WaitForOutputAsync("joined with");
        using var shared = new Remote(address);

        // Half the jobs connect a Remote of their own, half share one.
        var jobs = Enumerable.Range(0, 20).Select(job => Task.Run(() =>
        {
            using var own = job % 2 == 0 ? new Remote(address) : null;
            var results = new ConcurrentBag<int>();
            using var task = new RemoteTask<int, int>(own ?? shared, Plus(job), results.Add, chunkSize: 50, maxQueueSize: 2);
            task.Start();
            for (var i = 0; i < 2_000; i++)
            {
                task.Compute(i);
            }

            task.TaskDone();
            task.Join();
            var calls = Enumerable.Range(0, 200).Select(i => (own ?? shared).SubmitAsync(Plus(job), i)).ToArray();
            Assert.Equal(Enumerable.Range(job, 200), Task.WhenAll(calls).GetAwaiter().GetResult());
            return (job, results: results.Order().ToArray());
        })).ToArray();

        foreach (var (job, results) in await Task.WhenAll(jobs).Within())
        {
            Assert.Equal(Enumerable.Range(job, 2_000), results);
        }
    }

    private static Func<int, int> Plus(int offset) => x => x + offset;
}
