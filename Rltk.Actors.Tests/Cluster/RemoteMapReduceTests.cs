namespace Rltk.Actors.Tests.Cluster;

/// <summary>MapReduce on a cluster: contexts folded on the workers, combined up a tree of workers, exact when a worker goes.</summary>
public sealed class RemoteMapReduceTests
{
    [Fact]
    public async Task The_sum_of_1_to_N_is_N_times_N_plus_1_over_2_on_the_embedded_cluster()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var mr = new RemoteMapReduce<long, long>(remote, x => x, Add, chunkSize: 1_000);
        await mr.StartAsync().Within();

        var sum = await Task.Run(() =>
        {
            mr.Map(Enumerable.Range(1, 100_000).Select(i => (long)i));
            mr.TaskDone();
            return mr.JoinAsync();
        }).Within();

        Assert.Equal(100_000L * 100_001 / 2, sum);
    }

    [Fact]
    public async Task Contexts_of_several_workers_combine_up_a_tree_and_a_worker_lost_mid_reduce_costs_nothing_twice_or_missed()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 3);
        await using var remote = new Remote(cluster.Address);
        var doomed = await cluster.AddWorkerAsync();
        var mr = new RemoteMapReduce<long, long>(remote, Handlers.SlowIdentityLong, Add, chunkSize: 50);
        await mr.StartAsync().Within();
        const int inputs = 6_000;

        var feeding = Task.Run(() =>
        {
            mr.Map(Enumerable.Range(1, inputs).Select(i => (long)i));
            mr.TaskDone();
        });
        await Waiting.Until(async () => (await remote.GetStatusAsync()).Workers.Any(w => w.InputsDone > 0 && w.Address.EndsWith(
            $":{Akka.Cluster.Cluster.Get(doomed).SelfAddress.Port}", StringComparison.Ordinal)));
        await LoopbackCluster.CrashAsync(doomed);
        await feeding.Within();

        Assert.Equal((long)inputs * (inputs + 1) / 2, await mr.JoinAsync().Within());
    }

    [Fact]
    public async Task Dictionaries_merge_and_an_empty_input_follows_the_seed_rule()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        string[] words = ["linkage", "record", "linkage", "actor", "record", "linkage"];

        var counts = new RemoteMapReduce<string, Dictionary<string, int>>(remote, Handlers.Count, Handlers.Merge, chunkSize: 2);
        await counts.StartAsync().Within();
        counts.Map(words);
        counts.TaskDone();
        Assert.Equal(new Dictionary<string, int> { ["linkage"] = 3, ["record"] = 2, ["actor"] = 1 }, await counts.JoinAsync().Within());

        var seeded = new RemoteMapReduce<long, long>(remote, x => x, Add, seed: 7);
        await seeded.StartAsync().Within();
        seeded.TaskDone();
        Assert.Equal(7, await seeded.JoinAsync().Within());

        var unseeded = new RemoteMapReduce<long, long>(remote, x => x, Add);
        await unseeded.StartAsync().Within();
        unseeded.TaskDone();
        Assert.Contains("pass a seed", (await Assert.ThrowsAsync<InvalidOperationException>(() => unseeded.JoinAsync().Within())).Message,
            StringComparison.OrdinalIgnoreCase);

        var withSeed = new RemoteMapReduce<long, long>(remote, x => x, Add, seed: 1_000);
        await withSeed.StartAsync().Within();
        withSeed.Map([1, 2, 3]);
        withSeed.TaskDone();
        Assert.Equal(1_006, await withSeed.JoinAsync().Within());
    }

    [Fact]
    public async Task A_reducer_failure_surfaces_as_the_local_one_does()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var mr = new RemoteMapReduce<long, long>(remote, x => x, Handlers.AddUnlessThirteen, chunkSize: 5);
        await mr.StartAsync().Within();

        // As locally, the failure surfaces at the next call: AddTask, TaskDone or Join.
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Task.Run(() =>
        {
            mr.Map(Enumerable.Range(1, 100).Select(i => (long)i));
            mr.TaskDone();
            return mr.JoinAsync();
        }).Within());

        Assert.Equal(FailureStage.Reducer, failure.Stage);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public async Task With_an_error_callback_a_failed_combine_still_ends_the_run()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var reported = new List<TaskFailedException>();
        var mr = new RemoteMapReduce<long, long>(remote, x => x, Handlers.AlwaysFail, chunkSize: 5,
            options: new RemoteTaskOptions { OnError = reported.Add });
        await mr.StartAsync().Within();

        var run = Task.Run(() =>
        {
            mr.Map(Enumerable.Range(1, 100).Select(i => (long)i));
            mr.TaskDone();
            return mr.JoinAsync();
        });

        // Folds fail and are reported; a combine of two workers' contexts fails too, and then no value can come.
        var ended = await Record.ExceptionAsync(() => run.Within());
        Assert.NotEmpty(reported);
        Assert.True(ended is null or TaskFailedException { Stage: FailureStage.Reducer }, $"The run ended with {ended}");
    }

    private static long Add(long a, long b) => a + b;
}
