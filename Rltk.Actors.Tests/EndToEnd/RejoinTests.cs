using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>Workers come back by themselves: to a restarted scheduler, after being cut off, and to a scheduler that starts after them.</summary>
public sealed class RejoinTests
{
    [Fact]
    public async Task Workers_rejoin_a_scheduler_restarted_on_the_same_port_and_run_its_tasks()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var first = scheduler;
        using var withNanny = HostProcess.Worker(address, "--nprocs", "1");
        using var withoutNanny = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        await first.WaitForOutputAsync("joined with", times: 2);

        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync());
        using var second = HostProcess.Scheduler("--port", PortOf(address).ToString());

        await second.WaitForOutputAsync("joined with", times: 2);
        foreach (var worker in new[] { withNanny, withoutNanny })
        {
            await worker.WaitForOutputAsync("joining again with a fresh node");
            await worker.WaitForOutputAsync("Offered 1 mappers to the scheduler", times: 2);
        }

        await RunSmallTaskAsync(address);
        Assert.DoesNotContain(withNanny.Output, line => line.Contains("starting a new one", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Remote_goes_on_with_a_scheduler_restarted_on_the_same_port()
    {
        var dependency = Path.Combine(Path.GetTempPath(), $"rltk-offset-{Guid.NewGuid():N}.txt");
        File.WriteAllText(dependency, "1000");
        try
        {
            using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
            var (first, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);

            await using var remote = new Remote(address);
            remote.AddDependencies(dependency);
            var scattered = await remote.ScatterAsync(7);
            var fileName = Path.GetFileName(dependency);
            Assert.Equal(1021, await remote.SubmitAsync(RestartHandlers.PlusDependency, (fileName, 21)).Within());

            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync());
            using var second = HostProcess.Scheduler("--port", PortOf(address).ToString());
            await second.WaitForOutputAsync("joined with");

            // The same Remote, its same function and a new task: on the new scheduler, with the dependency shipped again.
            Assert.Equal(1042, await remote.SubmitAsync(RestartHandlers.PlusDependency, (fileName, 42)).Within());
            var results = new List<int>();
            await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x * 2, results.Add, chunkSize: 5), Enumerable.Range(0, 50));
            Assert.Equal(Enumerable.Range(0, 50).Select(x => x * 2), results.Order());
            Assert.Contains(second.Output, line => line.Contains("Client ", StringComparison.Ordinal) && line.Contains(" connected", StringComparison.Ordinal));

            var gone = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(RestartHandlers.PlusScattered(scattered), 1).Within());
            Assert.Contains("if the scheduler was restarted since", gone.InnerException!.Message);
        }
        finally
        {
            File.Delete(dependency);
        }
    }

    [Fact]
    public async Task A_dependency_deleted_from_disk_does_not_keep_a_Remote_from_its_restarted_scheduler()
    {
        var dependency = Path.Combine(Path.GetTempPath(), $"rltk-offset-{Guid.NewGuid():N}.txt");
        File.WriteAllText(dependency, "1000");
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (first, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);
        await using var remote = new Remote(address);
        remote.AddDependencies(dependency);
        var fileName = Path.GetFileName(dependency);
        Assert.Equal(1021, await remote.SubmitAsync(RestartHandlers.PlusDependency, (fileName, 21)).Within());

        File.Delete(dependency);
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync());
        using var second = HostProcess.Scheduler("--port", PortOf(address).ToString());
        await second.WaitForOutputAsync("joined with");

        Assert.Equal(3, await remote.SubmitAsync(Handlers.SlowIdentity, 3).Within());
        var missing = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(RestartHandlers.PlusDependency, (fileName, 1)).Within());
        Assert.Contains(fileName, missing.InnerException!.Message);
    }

    [Fact]
    public async Task A_task_goes_on_through_a_scheduler_killed_and_restarted_on_its_port_and_each_result_arrives_once()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (first, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);
        HostProcess? second = null;
        try
        {
            var results = await RunWhileAsync(first, address, async () =>
            {
                first.Kill();
                await first.WaitForExitAsync();
                second = HostProcess.Scheduler("--port", PortOf(address).ToString());
            });

            Assert.Equal(Expected(), results.Order());
            await second!.WaitForOutputAsync("joined with");
        }
        finally
        {
            second?.Dispose();
        }
    }

    [Fact]
    public async Task Calls_in_flight_through_a_scheduler_killed_and_restarted_on_its_port_all_get_their_results()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (first, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);
        await using var remote = new Remote(address);

        var calls = Enumerable.Range(0, 1_000).Select(i => remote.SubmitAsync(Handlers.SlowIdentity, i)).ToArray();
        await Waiting.Until(() => calls.Count(call => call.IsCompletedSuccessfully) >= 100);
        first.Kill();
        await first.WaitForExitAsync();
        using var second = HostProcess.Scheduler("--port", PortOf(address).ToString());

        Assert.Equal(Enumerable.Range(0, 1_000), await Task.WhenAll(calls).Within());
        Assert.Equal(7, await remote.SubmitAsync(Handlers.SlowIdentity, 7).Within());
    }

    [Fact]
    public async Task A_call_cancelled_before_its_cluster_was_killed_does_not_run_on_the_restarted_cluster_that_takes_its_stream_up()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (first, address) = (hosts.Scheduler, hosts.Address);
        var folder = Directory.CreateTempSubdirectory("rltk-cancelled-").FullName;
        try
        {
            await using var remote = new Remote(address);
            Assert.Equal(1, await remote.SubmitAsync(RestartHandlers.MarkRun, (folder, 1)).Within());
            // The worker's one mapper is held until the test lets it go: the call after it waits, unconfirmed.
            var holding = remote.SubmitAsync(RestartHandlers.HoldUntilReleased, folder);
            await Waiting.Until(() => Directory.GetFiles(folder, "started-*").Length > 0);
            using var cancel = new CancellationTokenSource();
            var cancelled = remote.SubmitAsync(RestartHandlers.MarkRun, (folder, 2), cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());

            // Scheduler and worker both lost, with the word of the cancel or without: only the client knows of it now.
            first.Kill();
            hosts.Workers[0].Kill();
            await first.WaitForExitAsync();
            await hosts.Workers[0].WaitForExitAsync();
            using var second = HostProcess.Scheduler("--port", PortOf(address).ToString());
            using var worker = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
            await second.WaitForOutputAsync("joined with");
            await File.WriteAllTextAsync(Path.Combine(folder, "release"), "");

            Assert.Equal(1, await holding.Within());
            Assert.Equal(3, await remote.SubmitAsync(RestartHandlers.MarkRun, (folder, 3)).Within());
            Assert.False(File.Exists(Path.Combine(folder, "ran-2")), "the cancelled call ran on the cluster that took its stream up");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_Remote_cut_off_from_its_scheduler_for_longer_than_the_watch_allows_fails_its_work_in_flight_and_goes_on()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (scheduler, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);
        await using var remote = new Remote(address);
        var cutOffNode = remote.System;
        var done = 0;
        using var task = new RemoteTask<int, int>(remote, Handlers.SlowIdentity, _ => done++, chunkSize: 1, maxQueueSize: 4);
        task.Start();
        // Fed until the task fails: it is running when the scheduler stops.
        var feeding = Task.Run(() =>
        {
            for (var i = 0; ; i++)
            {
                task.Compute(i);
            }
        });
        Assert.Equal(1, await remote.SubmitAsync(Handlers.SlowIdentity, 1).Within());
        // Seconds of work (2 ms an input): both sides' remote watchers have heard each other's heartbeats (one a second),
        // and so know the identity they refuse after a cut. (Without it, Akka cannot refuse, and the same node goes on.)
        await Waiting.Until(() => Volatile.Read(ref done) >= 1_500);

        // A stopped scheduler answers no heartbeat: once this client's watch gives it up, Akka refuses that pair of nodes for good.
        HostProcess.Signal(scheduler.Id, HostProcess.SigStop);
        Task<int> call;
        try
        {
            call = remote.SubmitAsync(Handlers.SlowIdentity, 2);
            await Waiting.Until(() => remote.Connection.IsLost);
        }
        finally
        {
            HostProcess.Signal(scheduler.Id, HostProcess.SigCont);
        }

        var lostTask = await Assert.ThrowsAnyAsync<Exception>(() => feeding.Within());
        Assert.True(lostTask.Message.Contains("new node"), lostTask.ToString());
        // The call's result may still come, from the worker, if the scheduler handed the call on as it resumed; otherwise it is lost with the node.
        try
        {
            Assert.Equal(2, await call.Within());
        }
        catch (SchedulerUnavailableException lostCall)
        {
            Assert.Contains("new node", lostCall.Message);
        }

        Assert.Equal(7, await remote.SubmitAsync(Handlers.SlowIdentity, 7).Within());
        var results = new List<int>();
        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x * 2, results.Add, chunkSize: 5), Enumerable.Range(0, 50));
        Assert.Equal(Enumerable.Range(0, 50).Select(x => x * 2), results.Order());
        Assert.NotSame(cutOffNode, remote.System);
        await Waiting.Until(() => cutOffNode.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_worker_cut_off_from_its_scheduler_and_removed_comes_back_by_itself()
    {
        using var hosts = await LocalHosts.StartAsync(workers: 1, nanny: false);
        var (scheduler, address, worker) = (hosts.Scheduler, hosts.Address, hosts.Workers[0]);

        // A stopped process answers no heartbeat: to the scheduler it is cut off, and it is removed.
        HostProcess.Signal(worker.Id, HostProcess.SigStop);
        try
        {
            await scheduler.WaitForOutputAsync(" left; ");
        }
        finally
        {
            HostProcess.Signal(worker.Id, HostProcess.SigCont);
        }

        await scheduler.WaitForOutputAsync("joined with", times: 2);
        await worker.WaitForOutputAsync("joining again with a fresh node");
        await RunSmallTaskAsync(address);
    }

    [Fact]
    public async Task A_worker_started_before_its_scheduler_says_it_waits_and_joins_when_the_scheduler_comes()
    {
        var port = HostProcess.FreePort();
        using var worker = HostProcess.Worker($"127.0.0.1:{port}", "--nprocs", "1", "--no-nanny");

        await worker.WaitForOutputAsync($"No scheduler answers at 127.0.0.1:{port} yet; still trying");
        using var scheduler = HostProcess.Scheduler("--port", port.ToString());

        await scheduler.WaitForOutputAsync("joined with");
        Assert.Empty(Warnings(worker)); // no stream of Akka's join retries
        Assert.Empty(worker.Errors);
    }
}

/// <summary>Handlers that read what a Remote gave the workers: a dependency, a scattered value.</summary>
internal static class RestartHandlers
{
    public static int PlusDependency((string FileName, int X) call) => call.X + int.Parse(File.ReadAllText(Dependencies.PathOf(call.FileName)));

    public static Func<int, int> PlusScattered(Scattered<int> scattered) => x => x + scattered.Value;

    /// <summary>Holds its mapper until a file named release appears in <paramref name="folder"/> (at most 3 minutes); says when it starts.</summary>
    public static int HoldUntilReleased(string folder)
    {
        File.WriteAllText(Path.Combine(folder, $"started-{Guid.NewGuid():N}"), "");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!File.Exists(Path.Combine(folder, "release")) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20); // another process's file: polled
        }

        return 1;
    }

    /// <summary>Leaves a file ran-X in the folder, the mark that the call ran.</summary>
    public static int MarkRun((string Folder, int X) call)
    {
        File.WriteAllText(Path.Combine(call.Folder, $"ran-{call.X}"), "");
        return call.X;
    }
}
