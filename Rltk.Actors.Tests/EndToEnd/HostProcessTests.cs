using System.Collections.Concurrent;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The real scheduler and worker hosts as processes on 127.0.0.1, driven by a client in this process.</summary>
public sealed class HostProcessTests
{
    private const int Inputs = 3_000;

    [Fact]
    public async Task A_worker_killed_mid_task_loses_nothing_and_duplicates_nothing()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var doomed = HostProcess.Worker(address, "--nprocs", "1");
        using var survivor = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with", times: 2);

        var results = await RunWhileAsync(scheduler, address, doomed.Kill);

        Assert.Equal(Expected(), results.Order());
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_mid_task_finishes_its_chunks_and_exits_cleanly()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var leaving = HostProcess.Worker(address, "--nprocs", "1");
        using var staying = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with", times: 2);

        var results = await RunWhileAsync(scheduler, address, leaving.Terminate);

        Assert.Equal(Expected(), results.Order());
        Assert.Equal(0, await leaving.WaitForExitAsync());
        await scheduler.WaitForOutputAsync(" left; ");
    }

    [Fact]
    public async Task A_killed_scheduler_makes_Join_throw_instead_of_hanging()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with");
        await using var remote = new Remote(address);
        var task = new RemoteTask<(int X, int Y), int>(remote, EndToEndHandlers.SlowProduct, chunkSize: 10);
        task.Start();
        for (var i = 0; i < 100; i++)
        {
            task.Compute((i, i));
        }

        task.TaskDone();
        scheduler.Kill();

        var lost = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => task.JoinAsync().Within());
        Assert.Contains(address, lost.Message);
    }

    [Fact]
    public async Task A_worker_without_the_handlers_assembly_fails_the_task_with_what_to_do()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var worker = HostProcess.WorkerWithoutHandlers(address);
        await scheduler.WaitForOutputAsync("joined with");
        await using var remote = new Remote(address);
        var task = new RemoteTask<(int X, int Y), int>(remote, EndToEndHandlers.SlowProduct, chunkSize: 10);
        task.Start();
        task.Compute((2, 3));
        task.TaskDone();

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => task.JoinAsync().Within());

        Assert.Equal(FailureStage.Enter, failure.Stage);
        var remoteFailure = Assert.IsType<RemoteException>(failure.InnerException);
        Assert.Equal(typeof(TypeLoadException).FullName, remoteFailure.RemoteType);
        Assert.Contains("--load", remoteFailure.Message);
    }

    [Fact]
    public async Task A_busy_port_is_one_readable_line_and_a_failing_exit_code()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var second = HostProcess.Scheduler("--port", address.Split(':')[1]);

        Assert.Equal(1, await second.WaitForExitAsync());
        var error = Assert.Single(second.Errors);
        Assert.Contains("already in use", error);
    }

    [Fact]
    public async Task A_worker_that_cannot_reach_its_scheduler_says_so_and_fails()
    {
        var config = Path.Combine(Path.GetTempPath(), $"rltk-join-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = 3s");
        try
        {
            using var worker = HostProcess.Worker($"127.0.0.1:{FreePort()}", "--config", config);

            Assert.Equal(1, await worker.WaitForExitAsync());
            Assert.Contains(worker.Errors, line => line.StartsWith("error: could not join the scheduler", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "error: '127.0.0.1' is not a scheduler address")]
    [InlineData("127.0.0.1:8786 --nprocs 0", "error: --nprocs 0")]
    [InlineData("127.0.0.1:8786 --load missing.dll", "error: --load missing.dll: no such file")]
    public async Task A_worker_given_a_bad_command_line_explains_it_in_one_line(string arguments, string expected)
    {
        var parts = arguments.Split(' ');
        using var worker = HostProcess.Worker(parts[0], parts[1..]);

        Assert.Equal(2, await worker.WaitForExitAsync());
        Assert.StartsWith(expected, Assert.Single(worker.Errors));
    }

    /// <summary>Runs a task of <see cref="Inputs"/> pairs, does <paramref name="midTask"/> once a quarter of the results are in, and returns every result.</summary>
    private static async Task<ConcurrentBag<int>> RunWhileAsync(HostProcess scheduler, string address, Action midTask)
    {
        await using var remote = new Remote(address);
        var results = new ConcurrentBag<int>();
        var quarter = new TaskCompletionSource();
        var task = new RemoteTask<(int X, int Y), int>(remote, EndToEndHandlers.SlowProduct, product =>
        {
            results.Add(product);
            if (results.Count == Inputs / 4)
            {
                quarter.TrySetResult();
            }
        }, chunkSize: 10, maxQueueSize: 10);
        task.Start();
        var feeding = Task.Run(() =>
        {
            for (var i = 0; i < Inputs; i++)
            {
                task.Compute((i, 3));
            }

            task.TaskDone();
        });
        try
        {
            await quarter.Task.Within();
            midTask();
            await feeding.Within();
            await task.JoinAsync().Within();
            return results;
        }
        catch (TimeoutException stuck)
        {
            throw new TimeoutException(
                $"{results.Count} of {Inputs} results arrived; the scheduler said:\n{string.Join('\n', scheduler.Output)}", stuck);
        }
    }

    private static IEnumerable<int> Expected() => Enumerable.Range(0, Inputs).Select(i => i * 3);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Handlers the worker processes load from this assembly (<c>--load</c>).</summary>
internal static class EndToEndHandlers
{
    public static int SlowProduct((int X, int Y) pair)
    {
        Thread.Sleep(1); // stands for real work, so that the task is still running when a process goes
        return pair.X * pair.Y;
    }
}
