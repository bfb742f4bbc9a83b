namespace Rltk.Actors.Tests.Local;

/// <summary>pyrallel's own MapReduce tests, and what this MapReduce adds: seeds, empty input, reducing while mapping.</summary>
public class MapReduceTests
{
    private static readonly int ManyMappers = Math.Max(2, Environment.ProcessorCount);

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public async Task One_task_reduces_to_itself(int mappers)
    {
        var mr = new MapReduce<int, int>(mappers, x => x, (r1, r2) => r1 + r2);
        mr.Start();
        mr.AddTask(1);
        mr.TaskDone();

        Assert.Equal(1, await mr.JoinAsync().Within());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task One_to_a_hundred_sums_to_5050(int mappers)
    {
        var mr = new MapReduce<int, int>(mappers, x => x, (r1, r2) => r1 + r2);
        mr.Start();
        for (var i = 1; i <= 100; i++)
        {
            mr.AddTask(i);
        }

        mr.TaskDone();

        Assert.Equal(5050, await mr.JoinAsync().Within());
    }

    [Fact]
    public async Task One_to_a_hundred_thousand_sums_to_5000050000()
    {
        var mr = new MapReduce<long, long>(ManyMappers, x => x, (r1, r2) => r1 + r2);
        mr.Start();
        for (long i = 1; i <= 100_000; i++)
        {
            mr.AddTask(i);
        }

        mr.TaskDone();

        Assert.Equal(5_000_050_000L, await mr.JoinAsync().Within());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Merging_dictionaries_counts_per_key(int mappers)
    {
        var mr = new MapReduce<(string Key, int Value), Dictionary<string, int>>(
            mappers,
            task => new Dictionary<string, int> { [task.Key] = task.Value },
            (r1, r2) =>
            {
                foreach (var (key, value) in r1)
                {
                    r2[key] = r2.GetValueOrDefault(key) + value;
                }

                return r2;
            });
        mr.Start();
        for (var i = 0; i < 100; i++)
        {
            mr.AddTask((i % 2 == 0 ? "a" : "b", i));
        }

        mr.TaskDone();

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2450, ["b"] = 2500 }, await mr.JoinAsync().Within());
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(3, null)]
    [InlineData(7, 1)]
    [InlineData(4, 13)]
    public async Task An_associative_reducer_gives_what_a_sequential_fold_gives(int mappers, int? batchSize)
    {
        var random = new Random(mappers * 31 + (batchSize ?? 0));
        var inputs = Enumerable.Range(0, 20_000).Select(_ => random.Next(-1_000_000, 1_000_000)).ToArray();
        var max = new MapReduce<int, long>(mappers, x => (long)x * 3, Math.Max, new ProcessorOptions { BatchSize = batchSize });
        var sum = new MapReduce<int, long>(mappers, x => (long)x * 3, (a, b) => a + b, new ProcessorOptions { BatchSize = batchSize });
        max.Start();
        sum.Start();
        max.Map(inputs);
        sum.Map(inputs);
        max.TaskDone();
        sum.TaskDone();

        Assert.Equal(inputs.Select(x => (long)x * 3).Aggregate(Math.Max), await max.JoinAsync().Within());
        Assert.Equal(inputs.Select(x => (long)x * 3).Aggregate((a, b) => a + b), await sum.JoinAsync().Within());
    }

    [Fact]
    public async Task An_empty_input_without_a_seed_is_a_clear_error()
    {
        var mr = new MapReduce<int, int>(2, x => x, (r1, r2) => r1 + r2);
        mr.Start();
        mr.TaskDone();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => mr.JoinAsync().Within());
        Assert.Contains("no tasks", error.Message);
        Assert.Contains("seed", error.Message);
    }

    [Fact]
    public async Task An_empty_input_with_a_seed_gives_the_seed()
    {
        var mr = new MapReduce<int, int>(3, x => x, (r1, r2) => r1 + r2, seed: 42);
        mr.Start();
        mr.TaskDone();

        Assert.Equal(42, await mr.JoinAsync().Within());
    }

    [Fact]
    public async Task A_seed_is_folded_into_the_result_once()
    {
        var mr = new MapReduce<int, int>(3, x => x, (r1, r2) => r1 + r2, seed: 1000);
        mr.Start();
        mr.Map(Enumerable.Range(1, 100));
        mr.TaskDone();

        Assert.Equal(6050, await mr.JoinAsync().Within());
    }

    [Fact]
    public async Task Reducing_runs_while_mapping_is_still_going_on()
    {
        // The last task's mapper waits until the reducer has combined two earlier outputs: a MapReduce
        // whose reducers waited for every mapper to finish would never get there.
        var reduced = new ManualResetEventSlim();
        var mr = new MapReduce<int, int>(1, x =>
        {
            if (x == 3)
            {
                reduced.Await();
            }

            return x;
        }, (r1, r2) =>
        {
            reduced.Set();
            return r1 + r2;
        }, new ProcessorOptions { BatchSize = 1 });
        mr.Start();
        mr.AddTask(1);
        mr.AddTask(2);
        mr.AddTask(3);
        mr.TaskDone();

        Assert.Equal(6, await mr.JoinAsync().Within());
    }
}
