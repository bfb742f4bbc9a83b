using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.TestKit.Xunit2;
using Rltk.Actors.Client;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Client;

/// <summary>What a Remote believes of its scheduler: live, in doubt after its connection dropped, lost once it terminated.</summary>
public sealed class SchedulerConnectionTests() : TestKit(ConfigurationFactory.ParseString("akka.actor.provider = cluster").WithFallback(RltkConfig.Cluster))
{
    [Fact]
    public async Task A_dropped_connection_to_the_scheduler_is_in_doubt_until_confirmed()
    {
        var (scheduler, connection) = await ConnectAsync();
        var elsewhere = new Address("akka.tcp", "rltk", "10.0.0.9", 8786);

        Sys.EventStream.Publish(new DisassociatedEvent(((ExtendedActorSystem)Sys).Provider.DefaultAddress, elsewhere, inbound: false));
        Sys.EventStream.Publish(new DisassociatedEvent(elsewhere, scheduler.Ref.Path.Address, inbound: false));

        await AwaitConditionAsync(() => Task.FromResult(connection.IsInDoubt), TimeSpan.FromSeconds(30));
        Assert.False(connection.IsLost);
        connection.Confirmed();
        Assert.False(connection.IsInDoubt);
    }

    [Fact]
    public async Task A_terminated_scheduler_is_lost_for_good()
    {
        var (scheduler, connection) = await ConnectAsync();

        Sys.Stop(scheduler.Ref);

        await AwaitConditionAsync(() => Task.FromResult(connection.IsLost), TimeSpan.FromSeconds(30));
        connection.Confirmed();
        Assert.True(connection.IsLost);
        Assert.True(connection.IsInDoubt);
    }

    private async Task<(Akka.TestKit.TestProbe Scheduler, SchedulerConnection Connection)> ConnectAsync()
    {
        var scheduler = CreateTestProbe();
        var opening = ClientSession.OpenAsync(Sys, scheduler.Ref, TimeSpan.FromSeconds(30));
        var open = await scheduler.ExpectMsgAsync<OpenSession>();
        scheduler.Reply(new SessionOpened(open.SessionId));
        return (scheduler, SchedulerConnection.Watched(Sys, scheduler.Ref, await opening));
    }
}
