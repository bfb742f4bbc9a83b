
namespace Rltk.Actors.Tests.Local;

/// <summary>Every queue is bounded: a producer that runs ahead waits in AddTask; progress is reported without per-task cost.</summary>
public class BackpressureTests
{
    private static readonly ProcessorOptions OneOfEach = new() { BatchSize = 1, MaxSizePerMapperQueue = 1, MaxSizePerCollectorQueue = 1 };

    [Fact]
    public async Task AddTask_waits_while_the_mapper_queue_is_full()
    {
        using var mapping = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var processed = 0;
        var pp = new ParallelProcessor<int>(1, _ =>
        {
            mapping.Set();
            release.Await();
            Interlocked.Increment(ref processed);
        }, OneOfEach);
        pp.Start();

        pp.AddTask(0);
        mapping.Await();       // the mapper holds task 0
        pp.AddTask(1);         // task 1 takes the one mapper queue slot
        var third = pp.AddTaskAsync(2);

        Assert.False(third.IsCompleted);
        release.Set();
        await third.AsTask().Within();
        pp.TaskDone();
        await pp.JoinAsync().Within();
        Assert.Equal(3, processed);
    }

    [Fact]
    public async Task Mappers_wait_while_the_collector_queue_is_full_and_so_AddTask_waits_too()
    {
        using var collecting = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var collected = new List<int>();
        var pp = new ParallelProcessor<int, int>(1, x => x, r =>
        {
            collecting.Set();
            release.Await();
            collected.Add(r);
        }, OneOfEach);
        pp.Start();

        pp.AddTask(0);
        collecting.Await();    // the collector holds result 0
        pp.AddTask(1);         // result 1 takes the one collector queue slot
        pp.AddTask(2);         // task 2 queues; the mapper takes it and waits for a collector slot
        pp.AddTask(3);         // task 3 takes the one mapper queue slot
        var fifth = pp.AddTaskAsync(4);

        Assert.False(fifth.IsCompleted);
        release.Set();
        await fifth.AsTask().Within();
        pp.TaskDone();
        await pp.JoinAsync().Within();
        Assert.Equal([0, 1, 2, 3, 4], collected.Order());
    }

    [Fact]
    public async Task Progress_reports_counts_a_rate_and_the_total_of_a_mapped_collection_ending_with_the_totals()
    {
        var reports = new List<RunProgress>();
        var pp = new ParallelProcessor<int, int>(2, x => x, _ => { }, new ProcessorOptions
        {
            Progress = new SyncProgress<RunProgress>(reports.Add),
            ProgressInterval = TimeSpan.FromMilliseconds(5),
        });
        pp.Start();
        pp.Map(Enumerable.Range(0, 20_000));
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.NotEmpty(reports);
        var last = reports[^1];
        Assert.Equal((20_000L, 20_000L, 0L, (long?)20_000, (double?)1), (last.Submitted, last.Completed, last.Failed, last.Total, last.Fraction));
        Assert.Contains("20,000 of 20,000 inputs (100", last.ToString());
        Assert.All(reports, report => Assert.Equal(20_000, report.Total));
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Submitted >= reports[i - 1].Submitted);
            Assert.True(reports[i].Completed >= reports[i - 1].Completed);
            Assert.True(reports[i].Elapsed >= reports[i - 1].Elapsed);
        }

        Assert.Equal(reports.Count, reports.Distinct().Count());
    }
}
