using System.Collections.Concurrent;

namespace Rltk.Actors.Tests.Local;

/// <summary>User code that throws: never swallowed, never a hang; stop (the default) or keep going with an error callback.</summary>
public class FailureTests
{
    [Fact]
    public async Task A_mapper_exception_stops_the_run_and_Join_throws_it_with_the_failing_input()
    {
        var pp = new ParallelProcessor<int, int>(2, ExplodeOn13, _ => { });
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 100)));
        Assert.Equal(FailureStage.Mapper, failure.Stage);
        Assert.Equal(13, failure.Input);
        var cause = Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal("bad input 13", cause.Message);
        Assert.Contains(nameof(ExplodeOn13), cause.StackTrace);
        Assert.Contains("13", failure.Message);
        Assert.Contains("bad input 13", failure.Message);
    }

    [Fact]
    public async Task After_a_failure_a_producer_blocked_in_AddTask_wakes_with_it()
    {
        await using var pp = new ParallelProcessor<int>(1, _ => throw new FormatException("unreadable record"),
            new ProcessorOptions { BatchSize = 1, MaxSizePerMapperQueue = 1 });
        pp.Start();

        // The queues hold a handful of tasks: only the failure can end this loop early.
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Task.Run(() =>
        {
            for (var i = 0; i < 10_000_000; i++)
            {
                pp.AddTask(i);
            }
        }).Within());
        Assert.IsType<FormatException>(failure.InnerException);
        Assert.Throws<TaskFailedException>(() => pp.AddTask(-1));
    }

    [Fact]
    public async Task With_an_error_callback_the_run_goes_on_and_every_failure_is_reported_once()
    {
        var failures = new List<TaskFailedException>();
        var results = new List<int>();
        var pp = new ParallelProcessor<int, int>(3, x => x % 10 == 3 ? throw new ArgumentException($"no {x}") : x, results.Add,
            new ProcessorOptions { OnError = failures.Add });
        pp.Start();
        pp.Map(Enumerable.Range(0, 1000));
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 1000).Where(x => x % 10 == 3), failures.Select(f => (int)f.Input!).Order());
        Assert.All(failures, f => Assert.IsType<ArgumentException>(f.InnerException));
        Assert.Equal(Enumerable.Range(0, 1000).Where(x => x % 10 != 3), results.Order());
    }

    [Fact]
    public async Task A_collector_exception_stops_the_run_with_the_output_it_failed_on()
    {
        var pp = new ParallelProcessor<int, int>(2, x => x * x, r =>
        {
            if (r == 25)
            {
                throw new IOException("disk full");
            }
        });
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 10)));
        Assert.Equal(FailureStage.Collector, failure.Stage);
        Assert.Equal(25, failure.Input);
        Assert.IsType<IOException>(failure.InnerException);
    }

    [Fact]
    public async Task An_Enter_exception_stops_the_run_even_with_an_error_callback()
    {
        var reported = 0;
        var pp = new ParallelProcessor<int>(2, () => new ThrowingMapper(inEnter: true),
            new ProcessorOptions { OnError = _ => reported++ });
        pp.Start();
        var failure = await Assert.ThrowsAsync<TaskFailedException>(async () =>
        {
            pp.Map(Enumerable.Range(0, 1000));
            pp.TaskDone();
            await pp.JoinAsync().Within();
        });
        Assert.Equal(FailureStage.Enter, failure.Stage);
        Assert.Equal("cannot open the data store", failure.InnerException!.Message);
        Assert.Equal(0, reported);
    }

    [Fact]
    public async Task An_Exit_exception_fails_Join_after_the_work_is_done()
    {
        var pp = new ParallelProcessor<int>(2, () => new ThrowingMapper(inEnter: false));
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 100)));
        Assert.Equal(FailureStage.Exit, failure.Stage);
        Assert.Equal("cannot close the data store", failure.InnerException!.Message);
    }

    [Fact]
    public async Task Exit_receives_what_stopped_the_run()
    {
        var exits = new ConcurrentBag<Exception?>();
        var pp = new ParallelProcessor<int, int>(2, () => new RecordingMapper(exits), _ => { });
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 100)));
        Assert.Equal(2, exits.Count);
        Assert.All(exits, error => Assert.Same(failure, error));
    }

    [Fact]
    public async Task A_reducer_exception_stops_a_MapReduce()
    {
        var mr = new MapReduce<int, int>(2, x => x, (r1, r2) => r1 + r2 > 1000 ? throw new OverflowException("too big") : r1 + r2);
        mr.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => mr.FeedAndJoinAsync(Enumerable.Range(0, 1000)));
        Assert.Equal(FailureStage.Reducer, failure.Stage);
        Assert.IsType<OverflowException>(failure.InnerException);
    }

    [Fact]
    public async Task A_mapper_exception_stops_a_MapReduce_with_the_failing_input()
    {
        var mr = new MapReduce<int, int>(2, ExplodeOn13, (r1, r2) => r1 + r2);
        mr.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => mr.FeedAndJoinAsync(Enumerable.Range(0, 1000)));
        Assert.Equal(FailureStage.Mapper, failure.Stage);
        Assert.Equal(13, failure.Input);
    }

    [Fact]
    public async Task A_MapReduce_with_an_error_callback_leaves_failed_inputs_out()
    {
        var failed = new ConcurrentBag<int>();
        var mr = new MapReduce<int, int>(3, ExplodeOn13, (r1, r2) => r1 + r2,
            new ProcessorOptions { OnError = f => failed.Add((int)f.Input!) });
        mr.Start();
        mr.Map(Enumerable.Range(0, 100));
        mr.TaskDone();

        Assert.Equal(4950 - 13, await mr.JoinAsync().Within());
        Assert.Equal([13], failed);
    }

    [Fact]
    public async Task A_progress_callback_exception_stops_the_run()
    {
        var pp = new ParallelProcessor<int>(1, _ => { }, new ProcessorOptions
        {
            Progress = new SyncProgress<RunProgress>(_ => throw new InvalidCastException("bad progress bar")),
            ProgressInterval = TimeSpan.FromMilliseconds(1),
        });
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 10)));
        Assert.Equal(FailureStage.Progress, failure.Stage);
    }

    [Fact]
    public async Task An_error_callback_that_throws_stops_the_run_with_its_exception()
    {
        var pp = new ParallelProcessor<int>(1, ExplodeAlways,
            new ProcessorOptions { OnError = _ => throw new NotSupportedException("callback broke") });
        pp.Start();
        
        var failure = await Assert.ThrowsAsync<NotSupportedException>(() => pp.FeedAndJoinAsync(Enumerable.Range(0, 10)));
        Assert.Equal("callback broke", failure.Message);
    }

    [Fact]
    public async Task Cancelling_the_token_wakes_a_blocked_producer_and_Join_throws_OperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        using var gate = new ManualResetEventSlim();
        var pp = new ParallelProcessor<int>(1, _ => gate.Wait(), new ProcessorOptions
        {
            BatchSize = 1,
            MaxSizePerMapperQueue = 1,
            CancellationToken = cancel.Token,
        });
        pp.Start();
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                pp.AddTask(i);
            }
        });

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.Within());
        gate.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pp.JoinAsync().Within());
    }

    [Fact]
    public async Task Disposing_after_a_failure_stops_every_mapper_and_the_actor_system()
    {
        var exits = new ConcurrentBag<Exception?>();
        var pp = new ParallelProcessor<int, int>(3, () => new RecordingMapper(exits), _ => { });
        pp.Start();
        var system = pp.System!;
        await Assert.ThrowsAsync<TaskFailedException>(() => Task.Run(() =>
        {
            for (var i = 0; i < 10_000_000; i++)
            {
                pp.AddTask(i);
            }
        }).Within());

        await pp.DisposeAsync();

        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal(3, exits.Count);
        Assert.Throws<ObjectDisposedException>(() => pp.AddTask(1));
    }

    [Fact]
    public async Task Disposing_a_running_processor_stops_it_and_tells_Exit_why()
    {
        var exits = new ConcurrentBag<Exception?>();
        var pp = new ParallelProcessor<int, int>(2, () => new RecordingMapper(exits, failOn: -1), _ => { });
        pp.Start();
        var system = pp.System!;
        pp.Map(Enumerable.Range(0, 1000));

        await pp.DisposeAsync().AsTask().Within();

        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal(2, exits.Count);
        Assert.All(exits, error => Assert.IsType<OperationCanceledException>(error));
    }

    private static int ExplodeOn13(int x) => x == 13 ? throw new InvalidOperationException("bad input 13") : x;

    private static void ExplodeAlways(int x) => throw new InvalidOperationException($"bad input {x}");

    private sealed class ThrowingMapper(bool inEnter) : Mapper<int>
    {
        public override void Enter()
        {
            if (inEnter)
            {
                throw new IOException("cannot open the data store");
            }
        }

        public override void Process(int input)
        {
        }

        public override void Exit(Exception? error)
        {
            if (!inEnter)
            {
                throw new IOException("cannot close the data store");
            }
        }
    }

    private sealed class RecordingMapper(ConcurrentBag<Exception?> exits, int failOn = 13) : Mapper<int, int>
    {
        public override int Process(int input) => input == failOn ? throw new InvalidOperationException("bad") : input;

        public override void Exit(Exception? error) => exits.Add(error);
    }
}
