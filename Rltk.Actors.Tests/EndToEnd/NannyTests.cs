using Rltk.Hosts;
using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The worker host's nanny: a worker process that dies is started again; one over its memory limit is killed; the nanny's end is the worker's.</summary>
public sealed class NannyTests
{
    [Fact]
    public async Task A_worker_killed_under_its_nanny_is_started_again_and_its_task_loses_nothing_and_duplicates_nothing()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        var first = await worker.WorkerProcessAsync();

        var results = await RunWhileAsync(scheduler, address, () => HostProcess.Signal(first, HostProcess.SigKill));

        Assert.Equal(Expected(), results.Order());
        Assert.Contains(worker.Output, line => line.Contains($"Worker process {first} was killed by SIGKILL", StringComparison.Ordinal));
        Assert.NotEqual(first, await worker.WorkerProcessAsync(2));
        await scheduler.WaitForOutputAsync("joined with", times: 2);
    }

    [Fact]
    public async Task A_worker_killed_after_joining_is_started_again_after_the_shortest_backoff_every_time()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        var joined = Nanny.JoinedFileOf(worker.Id);

        for (var nth = 1; nth <= 3; nth++)
        {
            await scheduler.WaitForOutputAsync("joined with", times: nth);
            await Waiting.Until(() => File.Exists(joined));
            var child = await worker.WorkerProcessAsync(nth);
            HostProcess.Signal(child, HostProcess.SigKill);
            await worker.WaitForOutputAsync($"Worker process {child} was killed by SIGKILL");
        }

        // Deaths before joining back off 1, 2, 4 s; deaths at work do not add up (poison inputs, outside kills).
        Assert.Equal(3, worker.Output.Count(line => line.Contains("was killed by SIGKILL (exit code 137); starting a new one in 1 s", StringComparison.Ordinal)));
        await scheduler.WaitForOutputAsync("joined with", times: 4);
    }

    [Fact]
    public async Task A_worker_over_its_memory_limit_is_killed_and_started_again_and_its_input_runs_on_the_next()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1", "--memory-limit", "400MiB");
        await scheduler.WaitForOutputAsync("joined with");
        var marker = Path.Combine(Path.GetTempPath(), $"rltk-hog-{Guid.NewGuid():N}");
        try
        {
            await using var remote = new Remote(address);
            var results = new List<int>();

            await Runs.RunAsync(new RemoteTask<int, int>(remote, x => MemoryHog.Grow(x, marker, 1_500L << 20), results.Add, chunkSize: 1), [42]);

            Assert.Equal([42], results);
            Assert.Contains(worker.Output, line => line.Contains("over its memory limit of 400 MiB: killed it", StringComparison.Ordinal));
            await scheduler.WaitForOutputAsync("joined with", times: 2);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_worker_whose_config_file_went_wrong_since_is_not_started_again()
    {
        var config = Path.Combine(Path.GetTempPath(), $"rltk-nanny-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, "rltk.cluster.allowed-failures = 3\n");
        try
        {
            var (scheduler, address) = await HostProcess.StartSchedulerAsync();
            using var _ = scheduler;
            using var nanny = HostProcess.Worker(address, "--nprocs", "1", "--config", config);
            await scheduler.WaitForOutputAsync("joined with");
            var first = await nanny.WorkerProcessAsync();

            File.WriteAllText(config, "rltk.cluster.allowed-failures = many\n");
            HostProcess.Signal(first, HostProcess.SigKill);

            Assert.Equal(2, await nanny.WaitForExitAsync());
            Assert.Contains(nanny.Output, line => line.Contains("its command line or config is wrong; not starting it again", StringComparison.Ordinal));
            Assert.Contains(nanny.Errors, line => line.Contains("rltk.cluster.allowed-failures = many is not a number of workers", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_nanny_killed_with_SIGKILL_takes_its_worker_with_it()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var nanny = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        var worker = await nanny.WorkerProcessAsync();

        nanny.KillAlone();

        // The worker reads its standard input, a pipe from the nanny, and stops when the kernel closes it.
        await Waiting.Until(() => !HostProcess.IsRunning(worker), () => $"worker process {worker} outlived its nanny:\n{Said(nanny)}");
        await scheduler.WaitForOutputAsync(" left; ");
    }
}
