namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>An input that crashes every worker process that runs it (dask's KilledWorker), on real host processes with their nannies.</summary>
public sealed class PoisonTests
{
    private const int Poison = 4_242;

    [Fact]
    public async Task A_poison_input_kills_at_most_allowed_failures_workers_then_fails_its_task_naming_it_or_is_reported_and_the_rest_completes()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var first = HostProcess.Worker(address, "--nprocs", "1");
        using var second = HostProcess.Worker(address, "--nprocs", "1");
        using var third = HostProcess.Worker(address, "--nprocs", "1");
        HostProcess[] workers = [first, second, third];
        await scheduler.WaitForOutputAsync("joined with", times: 3);
        await using var remote = new Remote(address);

        // By default the task stops, naming the input and how many workers it killed.
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() =>
            Runs.RunAsync(new RemoteTask<int, int>(remote, CrashOnPoison, chunkSize: 100), Enumerable.Range(0, 10_000)));
        Assert.Equal(Poison, failure.Input);
        var killed = Assert.IsType<KilledWorkerException>(failure.InnerException);
        Assert.Equal(3, killed.Workers);
        Assert.Contains("killed 3 workers", failure.Message);
        Assert.InRange(Deaths(workers), 1, 3);

        // With an error callback the input is reported and everything else completes, exactly once.
        var deathsBefore = Deaths(workers);
        var reported = new List<TaskFailedException>();
        var outputs = new List<int>();
        await Runs.RunAsync(new RemoteTask<int, int>(remote, CrashOnPoison, outputs.Add, chunkSize: 100,
            options: new RemoteTaskOptions { OnError = reported.Add }), Enumerable.Range(0, 10_000));

        Assert.Equal(Enumerable.Range(0, 10_000).Where(i => i != Poison), outputs.Order());
        Assert.Equal(Poison, Assert.Single(reported).Input);
        Assert.InRange(Deaths(workers) - deathsBefore, 1, 3);
    }

    [Fact]
    public async Task A_poison_input_in_the_last_chunk_or_a_single_call_fails_it_every_time_never_a_silent_loss()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var first = HostProcess.Worker(address, "--nprocs", "1");
        using var second = HostProcess.Worker(address, "--nprocs", "1");
        using var third = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with", times: 3);
        await using var remote = new Remote(address);

        // The rest of the last chunk, run without the poison input, is what completes the task: the failure comes with it.
        var outputs = new List<int>();
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() =>
            Runs.RunAsync(new RemoteTask<int, int>(remote, CrashOnPoison, outputs.Add, chunkSize: 50), Enumerable.Range(0, Poison + 7)));
        Assert.Equal(Poison, failure.Input);
        Assert.Equal(3, Assert.IsType<KilledWorkerException>(failure.InnerException).Workers);

        var call = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(CrashOnPoison, Poison));
        Assert.Equal(Poison, call.Input);
        Assert.Equal(3, Assert.IsType<KilledWorkerException>(call.InnerException).Workers);
        Assert.Equal(7, await remote.SubmitAsync(CrashOnPoison, 7));
    }

    [Fact]
    public async Task An_input_whose_code_exits_with_code_2_is_a_poison_input_not_a_wrong_command_line()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        await using var remote = new Remote(address);

        // Exit code 2 is also what a worker with a wrong command line exits with; the nanny checks again, and starts it again.
        var call = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(ExitTwoOnPoison, Poison).Within());
        Assert.Equal(Poison, call.Input);
        Assert.Equal(3, Assert.IsType<KilledWorkerException>(call.InnerException).Workers);
        Assert.Equal(7, await remote.SubmitAsync(ExitTwoOnPoison, 7).Within());
        Assert.Equal(3, worker.Output.Count(line => line.Contains("exited with code 2; starting a new one", StringComparison.Ordinal)));
        Assert.DoesNotContain(worker.Output, line => line.Contains("not starting it again", StringComparison.Ordinal));
    }

    private static int ExitTwoOnPoison(int x)
    {
        if (x == Poison)
        {
            Environment.Exit(2);
        }

        return x;
    }

    private static int CrashOnPoison(int x)
    {
        if (x == Poison)
        {
            Environment.FailFast("poison input");
        }

        return x;
    }

    /// <summary>Worker processes that died, as their nannies said.</summary>
    private static int Deaths(IEnumerable<HostProcess> nannies) =>
        nannies.Sum(nanny => nanny.Output.Count(line => line.Contains("Worker process", StringComparison.Ordinal) && line.Contains("starting a new one", StringComparison.Ordinal)));
}
