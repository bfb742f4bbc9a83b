namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>One client, thousands of calls at once, against real host processes.</summary>
public sealed class ManyCallsTests
{
    [Fact]
    public async Task Ten_thousand_concurrent_calls_complete_correctly_and_the_session_stays_up()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var first = HostProcess.Worker(address, "--nprocs", "1");
        using var second = HostProcess.Worker(address, "--nprocs", "1");
        await scheduler.WaitForOutputAsync("joined with", times: 2);
        using var log = new LogCapture();
        await using var remote = await Remote.ConnectAsync(address, new RemoteOptions { LoggerFactory = log.Factory }).Within();

        var calls = Enumerable.Range(0, 10_000).Select(i => remote.SubmitAsync(x => x * 2L, i)).ToArray();
        var results = await Task.WhenAll(calls).Within();

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i * 2L), results);
        // What thread-pool starvation did to the session: its heartbeats late, the scheduler quarantined.
        Assert.DoesNotContain(log.Problems, line => line.Contains("uarantin", StringComparison.Ordinal) || line.Contains("irrecoverably", StringComparison.Ordinal));
        Assert.Equal(42L, await remote.SubmitAsync(x => x * 2L, 21).Within());
    }
}
