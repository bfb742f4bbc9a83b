using Rltk.Actors.Flow;

namespace Rltk.Actors.Tests.Flow;

/// <summary>Progress as people read it: rate, time left, and the console bar's plain lines for logs and pipes.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void The_rate_follows_recent_samples_and_the_time_left_follows_the_rate()
    {
        var clock = new ManualClock();
        var meter = new ProgressMeter(clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        var first = meter.Next(submitted: 1_000, completed: 100, failed: 0, total: 1_000);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = meter.Next(1_000, 200, 0, 1_000);

        Assert.Equal(100, first.InputsPerSecond, precision: 6);
        Assert.Equal(100, second.InputsPerSecond, precision: 6);
        Assert.Equal(TimeSpan.FromSeconds(8), second.Remaining);
        Assert.Equal(0.2, second.Fraction);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Elapsed);

        clock.Advance(TimeSpan.FromSeconds(1));
        var faster = meter.Next(1_000, 500, 3, 1_000);
        Assert.InRange(faster.InputsPerSecond, 100, 300);
        Assert.Null(meter.Next(1_000, 600, 3, total: null).Remaining);
    }

    [Fact]
    public void Where_output_is_not_a_terminal_the_bar_writes_a_plain_line_every_few_seconds_and_one_at_the_end()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var bar = new ConsoleProgressBar("linking", output, TimeSpan.FromSeconds(5), clock);

        bar.Report(new RunProgress(100, 10, 0, 100, TimeSpan.FromSeconds(1), 10));
        clock.Advance(TimeSpan.FromSeconds(1));
        bar.Report(new RunProgress(100, 20, 0, 100, TimeSpan.FromSeconds(2), 10));
        clock.Advance(TimeSpan.FromSeconds(5));
        bar.Report(new RunProgress(100, 80, 1, 100, TimeSpan.FromSeconds(7), 12));
        clock.Advance(TimeSpan.FromSeconds(1));
        bar.Report(new RunProgress(100, 90, 1, 100, TimeSpan.FromSeconds(8), 12));
        bar.Dispose();

        Assert.Equal(
        [
            "linking: 10 of 100 inputs (10.0%), 10/s, about 00:00:09 left",
            "linking: 80 of 100 inputs (80.0%), 12/s, about 00:00:01 left, 1 failed",
            "linking: 90 of 100 inputs (90.0%), 12/s, about 00:00:00 left, 1 failed",
        ], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_remote_task_reports_its_progress_with_its_total()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var reports = new List<RunProgress>();

        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x, chunkSize: 100, options: new RemoteTaskOptions
        {
            Progress = new SyncProgress<RunProgress>(reports.Add),
            ProgressInterval = TimeSpan.FromMilliseconds(5),
            Total = 5_000,
        }), Enumerable.Range(0, 5_000));

        var last = reports[^1];
        Assert.Equal((5_000L, 5_000L, (long?)5_000), (last.Submitted, last.Completed, last.Total));
        Assert.Equal(1, last.Fraction);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
