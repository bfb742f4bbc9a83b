using System.Collections.Concurrent;
using Akka.Actor;

namespace Rltk.Actors.Tests.Cluster;

/// <summary>A scheduler and workers as separate actor systems on loopback, and a client connected by address.</summary>
public sealed class ClusterTests
{
    private static readonly Gate JoinGate = new();
    private static readonly Gate SchedulerLossGate = new();

    [Fact]
    public async Task Two_workers_return_every_product_once()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 2);
        await using var remote = new Remote(cluster.Address);
        var products = new List<int>();

        await Runs.RunAsync(new RemoteTask<(int X, int Y), int>(remote, Handlers.Product, products.Add, chunkSize: 50),
            Enumerable.Range(0, 5_000).Select(i => (i, i + 1)));

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i * (i + 1)).Order(), products.Order());
    }

    [Fact]
    public async Task A_crashed_workers_chunks_run_elsewhere_and_each_result_arrives_once()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0);
        var doomed = await cluster.AddWorkerAsync();
        await cluster.AddWorkerAsync();

        var results = await Runs.WhileSlowTaskRunsAsync(cluster.Address, () => LoopbackCluster.CrashAsync(doomed));

        Assert.Equal(Enumerable.Range(0, 1_000), results.Order());
    }

    [Fact]
    public async Task A_worker_that_leaves_mid_task_finishes_its_chunks_first()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0);
        var leaving = await cluster.AddWorkerAsync();
        await cluster.AddWorkerAsync();

        var results = await Runs.WhileSlowTaskRunsAsync(cluster.Address, () => LoopbackCluster.LeaveAsync(leaving));

        Assert.Equal(Enumerable.Range(0, 1_000), results.Order());
    }

    [Fact]
    public async Task A_slow_output_handler_is_not_mistaken_for_lost_results()
    {
        // Results wait up to ten chunks x 10 outputs x 30 ms for the output handler: far past the delivery timeout.
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, hocon: "rltk.cluster.delivery-timeout = 1s");
        await using var remote = new Remote(cluster.Address);
        var results = new List<int>();

        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x, x =>
        {
            Thread.Sleep(30); // a slow sink, such as a database write
            results.Add(x);
        }, chunkSize: 10), Enumerable.Range(0, 300));

        Assert.Equal(Enumerable.Range(0, 300), results.Order());
    }

    [Fact]
    public async Task A_worker_that_joins_mid_task_gets_work()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var results = new ConcurrentBag<int>();
        var task = new RemoteTask<int, int>(remote, x => JoinGate.Pass(x), results.Add, chunkSize: 1, maxQueueSize: 10);
        task.Start();
        for (var i = 0; i < 10; i++)
        {
            task.Compute(i);
        }

        task.TaskDone();
        await Waiting.Until(() => JoinGate.MostWaitingAtOnce == 1);
        await cluster.AddWorkerAsync();

        // Only a mapper of the new worker can be the second call blocked at once.
        await Waiting.Until(() => JoinGate.MostWaitingAtOnce == 2);
        JoinGate.Open();
        await task.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 10), results.Order());
    }

    [Fact]
    public async Task Two_clients_progress_at_the_same_time()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, mappersPerWorker: 2);
        await using var first = new Remote(cluster.Address);
        await using var second = new Remote(cluster.Address);
        var firstResults = new ConcurrentBag<int>();
        var secondResults = new ConcurrentBag<int>();

        // The first client's task needs at least 2,000 x 10 ms / 2 mappers = 10 s; the second's chunks take their turns among its chunks.
        await using var slow = new RemoteTask<int, int>(first, x => SlowIdentity(x, 10), firstResults.Add, chunkSize: 5);
        slow.Start();
        var feeding = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                slow.Compute(i);
            }
        });
        await Waiting.Until(() => !firstResults.IsEmpty);
        await Runs.RunAsync(new RemoteTask<(int X, int Y), int>(second, Handlers.Product, secondResults.Add, chunkSize: 5),
            Enumerable.Range(0, 100).Select(i => (i, 2)));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2).Order(), secondResults.Order());
        Assert.InRange(firstResults.Count, 1, 1_999);
        await slow.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => feeding.Within());
    }

    [Fact]
    public async Task A_client_that_disappears_has_its_queued_work_dropped()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        var scheduler = cluster.SchedulerActor;
        var vanishing = new Remote(cluster.Address);
        var task = new RemoteTask<int, int>(vanishing, Handlers.SlowIdentity, chunkSize: 1, maxQueueSize: 10);
        task.Start();
        for (var i = 0; i < 10; i++)
        {
            task.Compute(i);
        }

        await Waiting.Until(async () => (await Waiting.StatusOf(scheduler)).Tasks.Count == 1);
        await vanishing.System.Terminate().Within();

        await Waiting.Until(async () => await Waiting.StatusOf(scheduler) is { Tasks.Count: 0, QueuedChunks: 0 });
        await using var remaining = new Remote(cluster.Address);
        var products = new List<int>();
        await Runs.RunAsync(new RemoteTask<(int X, int Y), int>(remaining, Handlers.Product, products.Add), [(6, 7)]);
        Assert.Equal([42], products);
    }

    [Fact]
    public async Task Join_throws_when_the_scheduler_goes_away()
    {
        var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var task = new RemoteTask<int, int>(remote, x => SchedulerLossGate.Pass(x), chunkSize: 1);
        task.Start();
        task.Compute(1);
        task.TaskDone();
        await Waiting.Until(() => SchedulerLossGate.MostWaitingAtOnce == 1);

        await LoopbackCluster.CrashAsync(cluster.Scheduler);

        var lost = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => task.JoinAsync().Within());
        Assert.Contains(cluster.Address, lost.Message);
        SchedulerLossGate.Open();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_exception_reaches_the_client_as_its_own_type_with_its_input_and_remote_stack()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var task = new RemoteTask<int, int>(remote, Handlers.FailOnSeven, chunkSize: 4);

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Runs.RunAsync(task, Enumerable.Range(0, 20)));

        Assert.Equal(FailureStage.Mapper, failure.Stage);
        Assert.Equal(7, failure.Input);
        // Catchable by type: `catch (TaskFailedException e) when (e.InnerException is FormatException)`.
        var remoteFailure = Assert.IsType<FormatException>(failure.InnerException);
        Assert.Equal("seven is not allowed (7)", remoteFailure.Message);
        Assert.Contains(nameof(Handlers.FailOnSeven), remoteFailure.StackTrace);
    }

    [Fact]
    public async Task With_an_error_callback_the_task_goes_on_past_handler_exceptions()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var failures = new List<TaskFailedException>();
        var results = new List<int>();
        var task = new RemoteTask<int, int>(remote, Handlers.FailOnSeven, results.Add, chunkSize: 4,
            options: new RemoteTaskOptions { OnError = failures.Add });

        await Runs.RunAsync(task, Enumerable.Range(0, 20));

        Assert.Equal(Enumerable.Range(0, 20).Where(x => x != 7), results.Order());
        Assert.Equal(7, Assert.Single(failures).Input);
    }

    [Fact]
    public async Task A_mapper_class_enters_and_exits_once_per_worker_mapper()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 2, mappersPerWorker: 2);
        await using var remote = new Remote(cluster.Address);
        var results = new List<string>();

        await Runs.RunAsync(new RemoteTask<int, string>(remote, () => new CountingMapper(), results.Add, chunkSize: 10), Enumerable.Range(0, 400));

        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"7:{i}").Order(), results.Order());
        Assert.InRange(CountingMapper.Entered, 1, 4);
        await Waiting.Until(() => CountingMapper.Exited == CountingMapper.Entered);
    }

    [Fact]
    public async Task An_input_that_cannot_be_serialized_is_an_error_at_Compute()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var task = new RemoteTask<object, string>(remote, x => x.ToString()!, chunkSize: 2);
        task.Start();
        task.Compute("fine");

        var error = Assert.Throws<ArgumentException>(() => task.Compute(new Unserializable()));

        Assert.Contains("Unserializable#42", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => task.JoinAsync().Within());
    }

    [Fact]
    public async Task An_unreachable_scheduler_is_a_clear_error_within_the_connect_timeout()
    {
        var port = HostProcess.FreePort();

        var error = Assert.Throws<SchedulerUnavailableException>(() =>
            new Remote($"127.0.0.1:{port}", new RemoteOptions { ConnectTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:99999")]
    [InlineData(":8786")]
    public void A_malformed_address_is_refused(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => new Remote(address));
        Assert.Contains("host:port", error.Message);
    }

    private static int SlowIdentity(int x, int milliseconds)
    {
        Thread.Sleep(milliseconds); // stands for real work, so that the task is still running when a worker goes
        return x;
    }
}
