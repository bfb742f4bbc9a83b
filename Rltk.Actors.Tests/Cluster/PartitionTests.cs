using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using Akka.Remote.Transport;

namespace Rltk.Actors.Tests.Cluster;

/// <summary>
/// Links between the nodes of a loopback cluster cut mid-task, with Akka.Remote's throttling transport adapter
/// (what Akka's own multi-node tests cut links with): the scheduler always stays, and so does every result.
/// </summary>
public sealed class PartitionTests
{
    private const string Throttled = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";

    // The adapter is part of every address (akka.trttl.tcp): the client speaks it too.
    private static readonly RemoteOptions ThrottledClient = new() { Hocon = Throttled };

    [Fact]
    public async Task A_link_cut_between_the_scheduler_and_one_worker_downs_that_worker_and_the_task_goes_on()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0, hocon: Throttled);
        var cut = await cluster.AddWorkerAsync();
        var kept = await cluster.AddWorkerAsync();

        // The cut worker still reaches the other worker, which still reaches the scheduler.
        var results = await Runs.WhileSlowTaskRunsAsync(cluster.Address, () => CutAsync(cluster.Scheduler, cut), ThrottledClient);

        Assert.Equal(Enumerable.Range(0, 1_000), results.Order());
        await AssertOnlyLeftAsync(cluster, cut, kept);
    }

    [Fact]
    public async Task A_worker_cut_off_from_every_node_stops_and_the_task_goes_on()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 0, hocon: Throttled);
        var cut = await cluster.AddWorkerAsync();
        var kept = await cluster.AddWorkerAsync();

        var results = await Runs.WhileSlowTaskRunsAsync(cluster.Address, async () =>
        {
            await CutAsync(cut, cluster.Scheduler);
            await CutAsync(cut, kept);
        }, ThrottledClient);

        Assert.Equal(Enumerable.Range(0, 1_000), results.Order());
        await AssertOnlyLeftAsync(cluster, cut, kept);
    }

    /// <summary>Drops everything between <paramref name="from"/> and <paramref name="to"/>, both ways.</summary>
    private static Task CutAsync(ActorSystem from, ActorSystem to)
    {
        var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
        return transport.ManagementCommand(new SetThrottle(
            Akka.Cluster.Cluster.Get(to).SelfAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)).Within();
    }

    /// <summary>The cut worker's node stopped (it was downed); the scheduler and the kept worker are the cluster, both up.</summary>
    private static async Task AssertOnlyLeftAsync(LoopbackCluster cluster, ActorSystem cut, ActorSystem kept)
    {
        await cut.WhenTerminated.Within();
        var scheduler = Akka.Cluster.Cluster.Get(cluster.Scheduler);
        var expected = new[] { scheduler.SelfAddress, Akka.Cluster.Cluster.Get(kept).SelfAddress }.Order().ToArray();
        await Waiting.Until(
            () => scheduler.State.Members.Select(m => m.Address).Order().SequenceEqual(expected),
            () => $"The scheduler's node sees {string.Join(", ", scheduler.State.Members)}, not the scheduler and the kept worker alone");
        Assert.All(scheduler.State.Members, member => Assert.Equal(MemberStatus.Up, member.Status));
        Assert.False(cluster.Scheduler.WhenTerminated.IsCompleted);
        Assert.False(kept.WhenTerminated.IsCompleted);
    }
}
