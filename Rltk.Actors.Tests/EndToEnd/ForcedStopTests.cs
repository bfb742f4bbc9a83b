namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>A worker whose graceful stop waits on a chunk that does not finish ends at once when asked a second time.</summary>
public sealed class ForcedStopTests
{
    [Fact]
    public async Task A_second_SIGTERM_ends_a_worker_still_finishing_its_chunks_with_exit_code_130()
    {
        await WithStuckCallAsync(withNanny: false, async worker =>
        {
            worker.Terminate();
            await worker.WaitForOutputAsync("Worker is leaving");
            worker.Terminate();

            Assert.Equal(130, await worker.WaitForExitAsync());
            await worker.WaitForOutputAsync("Asked again to stop: ending the worker process now");
        });
    }

    [Fact]
    public async Task A_second_SIGTERM_to_the_nanny_kills_its_worker_and_the_nanny_exits_130()
    {
        await WithStuckCallAsync(withNanny: true, async nanny =>
        {
            var child = await nanny.WorkerProcessAsync();
            nanny.Terminate();
            await nanny.WaitForOutputAsync("Worker is leaving");
            nanny.Terminate();

            Assert.Equal(130, await nanny.WaitForExitAsync());
            await nanny.WaitForOutputAsync($"killing worker process {child}");
            Assert.False(HostProcess.IsRunning(child));
            Assert.DoesNotContain(nanny.Output, line => line.Contains("starting a new one", StringComparison.Ordinal));
        });
    }

    /// <summary>Runs <paramref name="stop"/> on a worker whose only mapper runs a call that never returns, in a task still open.</summary>
    private static async Task WithStuckCallAsync(bool withNanny, Func<HostProcess, Task> stop)
    {
        var started = Path.Combine(Path.GetTempPath(), $"rltk-stuck-{Guid.NewGuid():N}");
        try
        {
            var (scheduler, address) = await HostProcess.StartSchedulerAsync();
            using var _ = scheduler;
            using var worker = withNanny
                ? HostProcess.Worker(address, "--nprocs", "1")
                : HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
            await scheduler.WaitForOutputAsync("joined with");

            await using var remote = new Remote(address);
            var stuck = remote.SubmitAsync(StuckHandlers.NeverReturns, started);
            await Waiting.Until(() => File.Exists(started), () => $"the call never started:\n{HostRuns.Said(worker)}");

            await stop(worker);
            Assert.False(stuck.IsCompleted);
        }
        finally
        {
            File.Delete(started);
        }
    }
}
