using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>A call whose code never returns, left behind by its client, must not keep the worker's mapper from the next client's work.</summary>
public sealed class StuckMapperTests
{
    [Fact]
    public async Task A_mapper_stuck_in_a_closed_tasks_code_ends_its_worker_process_and_the_next_client_is_served()
    {
        var config = Path.Combine(Path.GetTempPath(), $"rltk-grace-{Guid.NewGuid():N}.conf");
        var started = Path.Combine(Path.GetTempPath(), $"rltk-stuck-{Guid.NewGuid():N}");
        File.WriteAllText(config, "rltk.cluster.closed-task-grace = 2s\n");
        try
        {
            var (scheduler, address) = await HostProcess.StartSchedulerAsync();
            using var _ = scheduler;
            using var worker = HostProcess.Worker(address, "--nprocs", "1", "--config", config);
            await scheduler.WaitForOutputAsync("joined with");
            var first = await worker.WorkerProcessAsync();

            Task<int> hung;
            await using (var leaving = new Remote(address))
            {
                hung = leaving.SubmitAsync(StuckHandlers.NeverReturns, started);
                await Waiting.Until(() => File.Exists(started), () => $"the call never started:\n{Said(worker)}");
            }

            var disposed = await Assert.ThrowsAsync<OperationCanceledException>(() => hung.Within());
            Assert.Contains("Remote was disposed", disposed.Message);

            await using var next = new Remote(address);
            Assert.Equal(42, await next.SubmitAsync(x => x * 2, 21).Within());
            Assert.Contains(worker.Output, line => line.Contains("is still running a chunk of task", StringComparison.Ordinal));
            Assert.Contains(worker.Output, line => line.Contains(
                $"Worker process {first} exited with code 3 (a mapper was stuck in the code of a task that had closed)", StringComparison.Ordinal));
            Assert.NotEqual(first, await worker.WorkerProcessAsync(2));
        }
        finally
        {
            File.Delete(config);
            File.Delete(started);
        }
    }
}

/// <summary>Handlers of this assembly that the client ships to the worker processes.</summary>
internal static class StuckHandlers
{
    /// <summary>Says it has started (a file), then never returns: code stuck in a loop or a deadlock.</summary>
    public static int NeverReturns(string started)
    {
        File.WriteAllText(started, "");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
