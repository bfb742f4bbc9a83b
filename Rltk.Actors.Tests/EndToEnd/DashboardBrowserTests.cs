using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>
/// The dashboard's page as a browser renders it: headless Chromium loads it from a real scheduler while a
/// task runs. Alone, after the other tests: a browser is heavy on a 2-core machine, and the quiet-log tests
/// count the warnings a starved host writes.
/// </summary>
[Collection(nameof(DashboardBrowserTests))]
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
{
    /// <summary>Far more than the test needs to see: the task is stopped once the page has shown it move.</summary>
    private const int Inputs = 100_000;

    /// <summary>How long the page runs, in its own virtual time, before the browser reads it: a few polls.</summary>
    private static readonly TimeSpan PageTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task The_page_shows_the_workers_the_progress_of_a_running_task_as_it_moves_and_its_failures()
    {
        var browser = HeadlessChromium.Find();
        using var hosts = await LocalHosts.StartAsync(workers: 2, nprocs: 2, dashboard: true);
        using var http = DashboardApi.Client(hosts.DashboardUrl!);
        await using var remote = new Remote(hosts.Address);
        using var stop = new CancellationTokenSource();
        var task = new RemoteTask<int, int>(remote, DashboardHandlers.SlowAndSometimesFailing, chunkSize: 4,
            options: new RemoteTaskOptions { OnError = _ => { }, CancellationToken = stop.Token }); // failures go on the page, the run goes on
        await task.StartAsync().Within();
        var feeding = Task.Run(async () =>
        {
            for (var i = 0; i < Inputs; i++)
            {
                await task.ComputeAsync(i, stop.Token);
            }
        });

        try
        {
            await Waiting.Until(async () => (await DashboardApi.StatusAsync(http)).Status is { Tasks: [{ InputsFailed: > 0 }] });
            var before = Rendered.Of(await HeadlessChromium.DumpDomAsync(browser, hosts.DashboardUrl!, PageTime));
            Assert.Equal("live", before.State);
            Assert.Equal(2, before.Workers);
            Assert.NotNull(before.Completed);
            Assert.True(before.Completed < Inputs);
            Assert.True(before.Failures > 0, "the page shows no failure rows");

            await Waiting.Until(async () => (await DashboardApi.StatusAsync(http)).Status is { Tasks: [{ } row] } && row.InputsCompleted > before.Completed);
            var after = Rendered.Of(await HeadlessChromium.DumpDomAsync(browser, hosts.DashboardUrl!, PageTime));
            Assert.Equal("live", after.State);
            Assert.True(after.Completed > before.Completed, $"the page's progress did not move: {before.Completed}, then {after.Completed}");

            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
            await HeadlessChromium.ScreenshotAsync(browser, hosts.DashboardUrl!, PageTime, screenshot);
            output.WriteLine($"Screenshot of the dashboard: {screenshot}");
        }
        finally
        {
            await stop.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feeding.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.JoinAsync().Within());
    }

    /// <summary>What the page shows, read from its DOM's markers.</summary>
    private sealed record Rendered(string State, int Workers, long? Completed, int Failures)
    {
        public static Rendered Of(string dom) => new(
            StateOf().Match(dom).Groups[1].Value,
            WorkerRow().Count(dom),
            TaskCompleted().Match(dom) is { Success: true } task ? long.Parse(task.Groups[1].Value) : null,
            FailureRow().Count(dom));
    }

    [GeneratedRegex("<body[^>]*data-state=\"(\\w+)\"")]
    private static partial Regex StateOf();

    [GeneratedRegex("<tr [^>]*data-worker=")]
    private static partial Regex WorkerRow();

    [GeneratedRegex("data-task-completed=\"(\\d+)\"")]
    private static partial Regex TaskCompleted();

    [GeneratedRegex("<tr [^>]*data-failure-input=")]
    private static partial Regex FailureRow();
}

[CollectionDefinition(nameof(DashboardBrowserTests), DisableParallelization = true)]
public sealed class DashboardBrowserCollection;

/// <summary>Handlers the dashboard tests ship to the workers.</summary>
internal static class DashboardHandlers
{
    /// <summary>20 ms per input, so the task runs long enough to be watched; one input in 200 fails, as a record without a name would.</summary>
    public static int SlowAndSometimesFailing(int input)
    {
        Thread.Sleep(20);
        return input % 200 == 3 ? throw new InvalidDataException($"record {input} has no name") : input;
    }
}
