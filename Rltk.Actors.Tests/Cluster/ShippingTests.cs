using System.Runtime.Loader;
using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Cluster;

/// <summary>
/// Code and data shipped to workers, on an in-process cluster: the test handler builds are loaded by the
/// client only, so the workers load them from what the client ships, into a session's load context.
/// </summary>
public sealed class ShippingTests
{
    private static readonly Gate CallGate = new();
    private static int _cancelledCallRuns;
    private static int _queuedCallRuns;

    [Fact]
    public async Task Fifty_sessions_leave_no_code_loaded_on_the_worker()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        var build = HandlerBuild.Version(1);
        var sessions = new List<Guid>();
        for (var session = 0; session < 50; session++)
        {
            await using var remote = new Remote(cluster.Address);
            sessions.Add(remote.Connection.Session.Id);
            var results = new List<string>();
            await Runs.RunAsync(new RemoteTask<int, string>(remote, build.Static<int, string>("Spelled"), results.Add), [session]);
            Assert.Equal(build.Call<string>("Spelled", session), Assert.Single(results));
        }

        // Sessions end when their client goes; the worker unloads them as soon as it hears of it.
        await Waiting.Until(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return ContextsOf(sessions) == 0;
        }, () => $"{ContextsOf(sessions)} of the 50 sessions' load contexts are still alive");
    }

    [Fact]
    public async Task An_assembly_replaced_by_a_truncated_file_fails_its_task_clearly_and_the_cluster_serves_on()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        var folder = Directory.CreateTempSubdirectory("rltk-truncated-").FullName;
        var original = Path.Combine(HandlerBuild.Version(2).Assembly.Location);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(original)!, "Rltk.TestHandlers*.dll"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var build = HandlerBuild.From(folder);
        var handler = build.Static<int, string>("Score");
        // Rebuilt under the running client, badly: the file is now cut short (a new file, so the loaded one stays intact).
        var path = Path.Combine(folder, "Rltk.TestHandlers.dll");
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        await using var remote = new Remote(cluster.Address);

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Runs.RunAsync(new RemoteTask<int, string>(remote, handler), [1]));

        Assert.Equal(FailureStage.Enter, failure.Stage);
        Assert.Contains("Rltk.TestHandlers the client shipped is not a valid .NET assembly", failure.InnerException!.Message);
        await ServesAnotherClientAsync(cluster);
    }

    [Fact]
    public async Task A_handler_type_the_shipped_assemblies_do_not_have_fails_its_task_clearly()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var build = HandlerBuild.Version(1);
        var missingType = new HandlerSpec(typeof(int).AssemblyQualifiedName!, typeof(string).AssemblyQualifiedName!,
            "Rltk.TestHandlers.NoSuchType, Rltk.TestHandlers", 0x06000001, null, HandlerKind.Function);

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() =>
            Runs.RunAsync(new RemoteTask<int, string>(remote, missingType, [build.Assembly], null, 10, 10, null), [1]));

        Assert.Equal(FailureStage.Enter, failure.Stage);
        var remoteFailure = Assert.IsType<TypeLoadException>(failure.InnerException);
        Assert.Contains("Rltk.TestHandlers.NoSuchType", remoteFailure.Message);
        Assert.Contains("assemblies the client shipped: Rltk.TestHandlers, Rltk.TestHandlers.Words", remoteFailure.Message);
        await ServesAnotherClientAsync(cluster);
    }

    [Fact]
    public async Task A_dependency_missing_on_the_client_is_named_when_the_task_starts()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        var task = new RemoteTask<int, string>(remote, HandlerBuild.WithoutItsDependency().Static<int, string>("Score"));

        var missing = Assert.Throws<FileNotFoundException>(task.Start);

        Assert.Contains("Rltk.TestHandlers depends on Rltk.TestHandlers.Words", missing.Message);
    }

    [Fact]
    public async Task A_dependency_file_that_does_not_exist_is_refused_at_once()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var missing = Assert.Throws<FileNotFoundException>(() => remote.AddDependencies("no-such-lookup.csv"));

        Assert.Contains("no-such-lookup.csv does not exist", missing.Message);
    }

    [Fact]
    public async Task Handlers_read_dependency_files_and_scattered_values_on_the_workers()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 2);
        await using var remote = new Remote(cluster.Address);
        var lookup = Path.Combine(Directory.CreateTempSubdirectory("rltk-deps-").FullName, "names.csv");
        await File.WriteAllLinesAsync(lookup, ["0,zero", "1,one", "2,two"]);
        remote.AddDependencies(lookup);
        var weights = remote.Scatter(new Dictionary<int, double> { [0] = 0.5, [1] = 1.5, [2] = 2.5 });
        var results = new List<string>();

        await Runs.RunAsync(new RemoteTask<int, string>(remote, x =>
        {
            var names = File.ReadLines(Dependencies.PathOf("names.csv")).Select(l => l.Split(',')).ToDictionary(f => int.Parse(f[0]), f => f[1]);
            return $"{names[x % 3]}:{weights.Value[x % 3]}";
        }, results.Add, chunkSize: 5), Enumerable.Range(0, 30));

        Assert.Equal(
            Enumerable.Range(0, 30).Select(x => $"{new[] { "zero", "one", "two" }[x % 3]}:{new[] { 0.5, 1.5, 2.5 }[x % 3]}").Order(),
            results.Order());
        Assert.Throws<InvalidOperationException>(() => weights.Value);
        Assert.Throws<InvalidOperationException>(() => Dependencies.PathOf("names.csv"));
    }

    [Fact]
    public async Task Submit_returns_one_calls_result_and_cancel_drops_a_call_that_has_not_run()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });
        var factor = 6;

        Assert.Equal(42, await remote.SubmitAsync(() => factor * 7).Within());
        Assert.Equal("v1:5", await remote.SubmitAsync(HandlerBuild.Version(1).Static<int, string>("Score"), 5).Within());

        // The one mapper is busy with the first call, so the second waits on the worker; cancelling it ends
        // it at once, and it never runs.
        var busy = remote.SubmitAsync(x => CallGate.Pass(x), 1);
        await Waiting.Until(() => CallGate.Blocked == 1, () => "the first call never started");
        using var cancel = new CancellationTokenSource();
        var waiting = remote.SubmitAsync(() => Interlocked.Increment(ref _cancelledCallRuns), cancel.Token);
        await UntilRunningChunksAre(2, remote);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        // The scheduler answers after it has passed the word on, so it is in the worker's mailbox before the mapper frees up.
        await Waiting.StatusOf(remote.Connection.Scheduler);
        CallGate.Open();
        Assert.Equal(1, await busy.Within());
        Assert.Equal(3, await remote.SubmitAsync(() => 3).Within()); // runs after anything the mapper had queued
        Assert.Equal(0, Volatile.Read(ref _cancelledCallRuns));
    }

    [Fact]
    public async Task A_call_cancelled_while_queued_does_not_run_on_a_worker_told_of_its_stream_after_the_cancel()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0);
        await using var remote = new Remote(cluster.Address);
        using var cancel = new CancellationTokenSource();

        // No worker yet: the call waits in the scheduler's queue, and no worker knows its stream to be told of the cancel.
        var queued = remote.SubmitAsync(CountRunOfTwo, 2, cancel.Token);
        await Waiting.Until(async () => (await Waiting.StatusOf(remote.Connection.Scheduler)).QueuedChunks == 1, () => "the call never reached the scheduler");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        await Waiting.StatusOf(remote.Connection.Scheduler);
        await cluster.AddWorkerAsync();

        Assert.Equal(3, await remote.SubmitAsync(CountRunOfTwo, 3).Within()); // the same stream: after the cancelled call's chunk
        Assert.Equal(0, Volatile.Read(ref _queuedCallRuns));
    }

    [Fact]
    public async Task A_handler_exception_of_a_type_the_client_cannot_make_arrives_as_a_RemoteException()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() =>
            remote.SubmitAsync(HandlerBuild.Version(1).Static<int, string>("Refuse"), 3).Within());

        var remoteFailure = Assert.IsType<RemoteException>(failure.InnerException);
        Assert.Equal("Rltk.TestHandlers.ScoringException", remoteFailure.RemoteType);
        Assert.Equal("no score for 3", remoteFailure.Message);
        Assert.Contains("Refuse", remoteFailure.RemoteStackTrace);
    }

    [Fact]
    public async Task A_worker_whose_agent_fails_gets_a_fresh_one_that_is_given_the_sessions_code_again()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0);
        var worker = await cluster.AddWorkerAsync();
        await using var remote = new Remote(cluster.Address);
        var score = HandlerBuild.Version(1).Static<int, string>("Score");
        Assert.Equal("v1:1", await remote.SubmitAsync(score, 1).Within());
        var agent = await worker.ActorSelection("/user/worker/agent").ResolveOne(Waiting.Generous);

        // A chunk of a task the worker was never told of: a broken promise between scheduler and worker.
        worker.ActorSelection("/user/worker").Tell(new AssignChunks([new AssignChunk(Guid.NewGuid(), new ChunkKey(0), [0])]));
        await agent.WatchAsync().Within();

        Assert.Equal("v1:2", await remote.SubmitAsync(score, 2).Within());
        Assert.False(worker.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_Remote_refuses_to_ship_a_second_build_of_an_assembly_it_shipped()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        await using var remote = new Remote(cluster.Address);
        Assert.Equal("v1:1", await remote.SubmitAsync(HandlerBuild.Version(1).Static<int, string>("Score"), 1).Within());

        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => remote.SubmitAsync(HandlerBuild.Version(2).Static<int, string>("Score"), 1).Within());

        Assert.Contains("already shipped another build of Rltk.TestHandlers", second.Message);
        await using var other = new Remote(cluster.Address);
        Assert.Equal("v2:1", await other.SubmitAsync(HandlerBuild.Version(2).Static<int, string>("Score"), 1).Within());
    }

    [Fact]
    public async Task A_failing_call_faults_its_task_with_the_remote_exception()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(Handlers.FailOnSeven, 7).Within());

        Assert.Contains("seven is not allowed", failure.InnerException!.Message);
    }

    // Methods of their own, so that no lambda of the test captures the Remote beside the values a handler captures.
    private static int CountRunOfTwo(int x) => x == 2 ? Interlocked.Increment(ref _queuedCallRuns) : x;

    private static Task UntilRunningChunksAre(int count, Remote remote) => Waiting.Until(
        async () => (await Waiting.StatusOf(remote.Connection.Scheduler)).RunningChunks == count, () => $"the scheduler never had {count} chunks running");

    /// <summary>A new client of the cluster still gets its results: the bad input hurt no one else.</summary>
    private static async Task ServesAnotherClientAsync(LoopbackCluster cluster)
    {
        await using var other = new Remote(cluster.Address);
        var results = new List<string>();
        await Runs.RunAsync(new RemoteTask<int, string>(other, HandlerBuild.Version(1).Static<int, string>("Score"), results.Add), [7]);
        Assert.Equal("v1:7", Assert.Single(results));
    }

    // Only these sessions': other tests run beside this one, with sessions of their own.
    private static int ContextsOf(IReadOnlyCollection<Guid> sessions) =>
        AssemblyLoadContext.All.Count(c => sessions.Any(id => c.Name == $"rltk-session-{id:N}"));
}
