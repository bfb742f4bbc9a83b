namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>MapReduce across real worker processes: exact with every worker, and with one killed in the middle.</summary>
public sealed class RemoteMapReduceHostTests
{
    private const int Inputs = 20_000;

    [Fact]
    public async Task The_sum_of_1_to_N_is_exact_on_host_processes_and_when_a_worker_is_killed_mid_reduce()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var doomed = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        using var second = HostProcess.Worker(address, "--nprocs", "1");
        using var third = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with", times: 3);
        await using var remote = new Remote(address);

        Assert.Equal((long)Inputs * (Inputs + 1) / 2, await SumAsync(remote, midway: null));

        var doomedAddress = HostProcess.ListeningAddress(await doomed.WaitForOutputAsync("Worker listening at"));
        var doneBefore = InputsDoneBy(await remote.GetStatusAsync(), doomedAddress);
        var killed = await SumAsync(remote, async () =>
        {
            // Killed once it has folded inputs of this task into its context, not only of the first.
            await Waiting.Until(async () => InputsDoneBy(await remote.GetStatusAsync(), doomedAddress) > doneBefore);
            doomed.Kill();
        });

        Assert.Equal((long)Inputs * (Inputs + 1) / 2, killed);
        await scheduler.WaitForOutputAsync(" left; ");
    }

    private static async Task<long> SumAsync(Remote remote, Func<Task>? midway)
    {
        var mr = new RemoteMapReduce<long, long>(remote, EndToEndHandlers.SlowIdentity, Add, chunkSize: 100);
        await mr.StartAsync().Within();
        var feeding = Task.Run(() =>
        {
            mr.Map(Enumerable.Range(1, Inputs).Select(i => (long)i));
            mr.TaskDone();
        });
        if (midway is not null)
        {
            await midway().Within();
        }

        await feeding.Within();
        return await mr.JoinAsync().Within();
    }

    private static long InputsDoneBy(ClusterStatus status, string worker) => status.Workers.Single(w => w.Address == worker).InputsDone;

    private static long Add(long a, long b) => a + b;
}
