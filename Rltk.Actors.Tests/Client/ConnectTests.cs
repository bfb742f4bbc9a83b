using System.Net;
using System.Net.Sockets;

namespace Rltk.Actors.Tests.Client;

/// <summary>What a client says when it cannot reach a scheduler, and that a host name reaches one as its address does.</summary>
public sealed class ConnectTests
{
    private static readonly RemoteOptions Impatient = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void Nothing_listening_is_said_so()
    {
        var port = HostProcess.FreePort();

        var error = Assert.Throws<SchedulerUnavailableException>(() => new Remote($"127.0.0.1:{port}", Impatient));

        Assert.Equal($"Nothing listens at 127.0.0.1:{port}: is Rltk.Scheduler.Host running there, on that port?", error.Message);
    }

    [Fact]
    public async Task A_workers_address_is_not_a_scheduler_and_a_host_name_reaches_the_scheduler()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1);
        var worker = Akka.Cluster.Cluster.Get(cluster.Scheduler).State.Members.Single(m => m.HasRole("worker")).Address;

        var error = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => Remote.ConnectAsync($"127.0.0.1:{worker.Port}", Impatient).Within());
        Assert.Contains("runs no scheduler", error.Message);

        await using var byName = await Remote.ConnectAsync($"localhost:{cluster.Port}").Within();
        Assert.Equal($"127.0.0.1:{cluster.Port}", byName.SchedulerAddress);
        Assert.Equal(42, await byName.SubmitAsync(() => 42).Within());
    }
}
