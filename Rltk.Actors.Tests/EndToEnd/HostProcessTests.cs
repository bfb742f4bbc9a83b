using System.Collections.Concurrent;
using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The real scheduler and worker hosts as processes on 127.0.0.1, driven by a client in this process.</summary>
public sealed class HostProcessTests
{
    [Fact]
    public async Task A_worker_killed_mid_task_loses_nothing_and_duplicates_nothing()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        // No nanny: the worker process is the host, and killing it loses it for good.
        using var doomed = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        using var survivor = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        await scheduler.WaitForOutputAsync("joined with", times: 2);

        var results = await RunWhileAsync(scheduler, address, doomed.Kill);

        Assert.Equal(Expected(), results.Order());
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_mid_task_finishes_its_chunks_and_exits_cleanly()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var leaving = HostProcess.Worker(address, "--nprocs", "1"); // through its nanny, as run by default
        using var staying = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        await scheduler.WaitForOutputAsync("joined with", times: 2);
        var worker = await leaving.WorkerProcessAsync();

        // SIGTERM to the nanny: it passes it on, the worker finishes its chunks and leaves, and the nanny does not start another.
        var results = await RunWhileAsync(scheduler, address, leaving.Terminate);

        Assert.Equal(Expected(), results.Order());
        Assert.Equal(0, await leaving.WaitForExitAsync());
        Assert.False(HostProcess.IsRunning(worker));
        Assert.DoesNotContain(leaving.Output, line => line.Contains("starting a new one", StringComparison.Ordinal));
        Assert.Contains(leaving.Output, line => line.Contains("Worker is leaving", StringComparison.Ordinal));
        await scheduler.WaitForOutputAsync(" left; ");
    }

    [Fact]
    public async Task A_killed_scheduler_that_does_not_come_back_makes_Join_and_a_waiting_call_throw_instead_of_hanging()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        await using var remote = new Remote(address);
        // The function's call stream is open: the call below waits for its result, not for the stream.
        Assert.Equal(1, await remote.SubmitAsync(LateOnSix, (1, 1)).Within());
        var task = new RemoteTask<(int X, int Y), int>(remote, LateOnSix, chunkSize: 10);
        task.Start();
        for (var i = 0; i < 100; i++)
        {
            task.Compute((i, i));
        }

        task.TaskDone();
        var call = remote.SubmitAsync(LateOnSix, (6, 7));
        scheduler.Kill();

        var lost = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => task.JoinAsync().Within());
        Assert.Contains(address, lost.Message);
        Assert.Contains("no scheduler took the task up again there", lost.Message);
        var lostCall = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => call.Within());
        Assert.Contains("before the call completed", lostCall.Message);
    }

    [Fact]
    public async Task An_async_handler_capturing_a_value_runs_on_a_worker_process_that_was_never_deployed_with_it()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nprocs: 2, nanny: false);
        await using var remote = new Remote(hosts.Address);

        Assert.Equal(107, await remote.SubmitAsync(PlusLater(100), 7).Within());
        var sums = new ConcurrentBag<int>();
        await Runs.RunAsync(new RemoteTask<int, int>(remote, PlusLater(1_000), sums.Add, chunkSize: 10), Enumerable.Range(0, 300));

        Assert.Equal(Enumerable.Range(1_000, 300), sums.Order());
    }

    private static Func<int, Task<int>> PlusLater(int offset) => async x =>
    {
        await Task.Delay(1);
        return x + offset;
    };

    /// <summary>A product that, for X = 6, is still being worked out long after a client gives up its lost scheduler (about 21 s).</summary>
    private static int LateOnSix((int X, int Y) pair)
    {
        if (pair.X == 6)
        {
            Thread.Sleep(TimeSpan.FromMinutes(1)); // stands for long work: its result cannot come back before the client gives up
        }

        return pair.X * pair.Y;
    }

    [Fact]
    public async Task A_worker_started_with_no_user_code_runs_a_capturing_lambda_a_static_method_and_a_mapper_class()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "2");
        await scheduler.WaitForOutputAsync("joined with");
        await using var remote = new Remote(address);
        var offset = 1_000;
        var (lambda, method, mapper) = (new List<int>(), new List<int>(), new List<string>());

        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x + offset, lambda.Add, chunkSize: 10), Enumerable.Range(0, 100));
        await Runs.RunAsync(new RemoteTask<(int X, int Y), int>(remote, EndToEndHandlers.SlowProduct, method.Add, chunkSize: 10),
            Enumerable.Range(0, 100).Select(i => (i, 2)));
        await Runs.RunAsync(new RemoteTask<int, string>(remote, () => new CountingMapper(), mapper.Add, chunkSize: 10), Enumerable.Range(0, 100));

        Assert.Equal(Enumerable.Range(1_000, 100), lambda.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), method.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"7:{i}").Order(), mapper.Order());
    }

    [Fact]
    public async Task Two_clients_run_different_builds_of_one_assembly_on_the_same_workers_at_once()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "2");
        await scheduler.WaitForOutputAsync("joined with");
        await using var first = new Remote(address);
        await using var second = new Remote(address);
        var (v1, v2) = (HandlerBuild.Version(1), HandlerBuild.Version(2));
        var (results1, results2) = (new ConcurrentBag<string>(), new ConcurrentBag<string>());

        await Task.WhenAll(
            Runs.RunAsync(new RemoteTask<int, string>(first, v1.Static<int, string>("Spelled"), results1.Add, chunkSize: 5), Enumerable.Range(0, 200)),
            Runs.RunAsync(new RemoteTask<int, string>(second, v2.Static<int, string>("Spelled"), results2.Add, chunkSize: 5), Enumerable.Range(0, 200)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => v1.Call<string>("Spelled", i)).Order(), results1.Order());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => v2.Call<string>("Spelled", i)).Order(), results2.Order());
        Assert.All(results2, result => Assert.EndsWith("@v2", result));
    }

    [Fact]
    public async Task Garbage_sent_to_the_hosts_ports_hurts_no_one()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        var workerAddress = HostProcess.ListeningAddress(await worker.WaitForOutputAsync("Worker listening at"));

        var connections = new List<System.Net.Sockets.TcpClient>();
        foreach (var target in new[] { address, workerAddress })
        {
            connections.Add(await SendGarbageAsync(target, Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 64 * 1024)));
            // A frame header that announces 2 GB, then nothing; the connection stays open while the client works.
            connections.Add(await SendGarbageAsync(target, [0x7f, 0xff, 0xff, 0xff, 1, 2, 3]));
        }

        try
        {
            await using var remote = new Remote(address);
            var results = new List<int>();
            await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x * 2, results.Add), Enumerable.Range(0, 50));
            Assert.Equal(Enumerable.Range(0, 50).Select(x => x * 2), results.Order());
        }
        finally
        {
            connections.ForEach(connection => connection.Dispose());
        }
    }

    [Fact]
    public async Task A_busy_port_is_one_readable_line_and_a_failing_exit_code()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var second = HostProcess.Scheduler("--port", HostRuns.PortOf(address).ToString());

        Assert.Equal(1, await second.WaitForExitAsync());
        var error = Assert.Single(second.Errors);
        Assert.Contains("already in use", error);
    }

    /// <summary>Opens a connection to <paramref name="address"/>, writes <paramref name="garbage"/> and leaves it open.</summary>
    private static async Task<System.Net.Sockets.TcpClient> SendGarbageAsync(string address, byte[] garbage)
    {
        var (host, port) = (address.Split(':')[0], int.Parse(address.Split(':')[1]));
        var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host, port);
        await client.GetStream().WriteAsync(garbage);
        return client;
    }
}
