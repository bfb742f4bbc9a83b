using System.Collections.Concurrent;

namespace Rltk.Actors.Tests.Local;

/// <summary>pyrallel's own ParallelProcessor tests, and the seed's example, in C#.</summary>
public class ParallelProcessorTests
{
    private const int Mappers = 2;

    [Fact]
    public async Task Basic_runs_every_task_through_a_delegate()
    {
        var calls = 0;
        var pp = new ParallelProcessor<int>(Mappers, _ => Interlocked.Increment(ref calls));
        pp.Start();
        for (var i = 0; i < 1000; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(1000, calls);
    }

    [Fact]
    public async Task An_async_mapper_is_waited_for_and_its_tasks_results_reach_the_collector()
    {
        var results = new List<int>();
        var pp = new ParallelProcessor<int, int>(Mappers, async x =>
        {
            await Task.Delay(x % 100 == 0 ? 1 : 0);
            await Task.Yield();
            return x * 2;
        }, results.Add);
        pp.Start();
        for (var i = 0; i < 1000; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i * 2), results.Order());
    }

    [Fact]
    public async Task Basic_runs_every_task_through_a_mapper_class_entered_and_exited_once_per_mapper()
    {
        var mappers = new ConcurrentBag<CountingMapper>();
        var pp = new ParallelProcessor<int>(Mappers, () =>
        {
            var mapper = new CountingMapper();
            mappers.Add(mapper);
            return mapper;
        });
        pp.Start();
        for (var i = 0; i < 1000; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(Mappers, mappers.Count);
        Assert.All(mappers, mapper => Assert.Equal((1, 1), (mapper.Enters, mapper.Exits)));
        Assert.All(mappers, mapper => Assert.Null(mapper.ExitError));
        Assert.Equal(1000, mappers.Sum(mapper => mapper.Processed));
    }

    [Fact]
    public async Task With_input_and_process_id_passes_each_input_with_the_index_of_its_mapper()
    {
        var seen = new ConcurrentBag<(int Index, int Input)>();
        var pp = new ParallelProcessor<int>(Mappers, (index, x) => seen.Add((index, x)));
        pp.Start();
        for (var i = 0; i < 1000; i++)
        {
            pp.AddTask(i);
        }

        pp.Map(Enumerable.Range(1000, 1000));
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 2000), seen.Select(s => s.Input).Order());
        Assert.All(seen, s => Assert.InRange(s.Index, 0, Mappers - 1));
    }

    [Fact]
    public async Task Mapper_class_indexes_are_zero_to_mapper_count_minus_one()
    {
        var entered = new ConcurrentBag<int>();
        var processedBy = new ConcurrentBag<int>();
        var pp = new ParallelProcessor<int, int>(4, () => new IndexMapper(entered), collector: processedBy.Add);
        pp.Start();
        pp.Map(Enumerable.Range(0, 4000));
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal([0, 1, 2, 3], entered.Order());
        Assert.Equal(4000, processedBy.Count);
        Assert.All(processedBy, index => Assert.InRange(index, 0, 3));
    }

    [Fact]
    public async Task With_several_inputs_passes_them_together_as_a_tuple()
    {
        var calls = 0;
        var pp = new ParallelProcessor<(int X, int Y)>(Mappers, task =>
        {
            Assert.Equal(task.X * 2, task.Y);
            Interlocked.Increment(ref calls);
        });
        pp.Start();
        for (var i = 0; i < 1000; i++)
        {
            pp.AddTask((i, i * 2));
        }

        pp.Map(Enumerable.Range(0, 1000).Select(i => (i, i * 2)));
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(2000, calls);
    }

    [Fact]
    public async Task With_output_the_collector_receives_every_result()
    {
        var result = new List<int>();
        var pp = new ParallelProcessor<int, int>(Mappers, mapper: x => x * x, collector: result.Add);
        pp.Start();
        for (var i = 0; i < 8; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal([0, 1, 4, 9, 16, 25, 36, 49], result.Order());
    }

    [Fact]
    public async Task With_several_outputs_the_collector_receives_them_as_a_tuple()
    {
        var result = new List<int>();
        var pp = new ParallelProcessor<int, (int, int)>(Mappers, mapper: x => (x * x, x * x), collector: r => result.Add(r.Item1));
        pp.Start();
        for (var i = 0; i < 8; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal([0, 1, 4, 9, 16, 25, 36, 49], result.Order());
    }

    [Fact]
    public async Task The_seed_example_prints_the_larger_of_each_pair()
    {
        var result = new List<int>();
        var pp = new ParallelProcessor<(int X, int Y), (int R1, int R2)>(
            8,
            mapper: t => (t.X * t.X, t.Y + 5),
            collector: r => result.Add(r.R1 > r.R2 ? r.R1 : r.R2));
        pp.Start();
        for (var i = 0; i < 8; i++)
        {
            pp.AddTask((i, i + 1));
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal([6, 7, 8, 9, 16, 25, 36, 49], result.Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Every_result_arrives_exactly_once_and_the_collector_never_runs_concurrently(int? batchSize)
    {
        var results = new List<long>();
        var inside = 0;
        var overlaps = 0;
        var pp = new ParallelProcessor<long, long>(3, x => x * 3, r =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            results.Add(r);
            Interlocked.Decrement(ref inside);
        }, new ProcessorOptions { BatchSize = batchSize });
        pp.Start();
        for (long i = 0; i < 50_000; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(0, overlaps);
        Assert.Equal(Enumerable.Range(0, 50_000).Select(i => i * 3L), results.Order());
    }

    [Fact]
    public async Task Tasks_added_from_several_threads_and_asynchronously_all_arrive()
    {
        var results = new ConcurrentBag<int>();
        await using var pp = new ParallelProcessor<int, int>(Mappers, x => x, results.Add);
        pp.Start();
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = p * 10_000; i < (p + 1) * 10_000; i++)
            {
                await pp.AddTaskAsync(i);
            }
        }));
        await Task.WhenAll(producers).Within();
        await pp.MapAsync(AsyncRange(40_000, 10_000)).Within();
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 50_000), results.Order());
    }

    [Fact]
    public async Task A_run_with_no_tasks_completes()
    {
        var collected = 0;
        var pp = new ParallelProcessor<int, int>(Mappers, x => x, _ => collected++);
        pp.Start();
        pp.TaskDone();
        await pp.JoinAsync().Within();

        Assert.Equal(0, collected);
    }

    private static async IAsyncEnumerable<int> AsyncRange(int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return i;
        }
    }

    private sealed class CountingMapper : Mapper<int>
    {
        public int Enters { get; private set; }

        public int Exits { get; private set; }

        public Exception? ExitError { get; private set; }

        // Not thread-safe on purpose: a mapper instance only ever runs on its own actor.
        public int Processed { get; private set; }

        public override void Enter() => Enters++;

        public override void Process(int input) => Processed++;

        public override void Exit(Exception? error)
        {
            Exits++;
            ExitError = error;
        }
    }

    private sealed class IndexMapper(ConcurrentBag<int> entered) : Mapper<int, int>
    {
        public override void Enter() => entered.Add(Index);

        public override int Process(int input) => Index;
    }
}
