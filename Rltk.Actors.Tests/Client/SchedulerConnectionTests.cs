using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.TestKit.Xunit2;
using Rltk.Actors.Client;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Client;

/// <summary>What a Remote believes of its scheduler (live, in doubt after its connection dropped, lost once it terminated), and how it finds it again.</summary>
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

    [Fact]
    public async Task A_link_keeps_a_scheduler_found_again_and_opens_a_new_session_on_one_that_replaced_it()
    {
        var (first, connection) = await ConnectAsync();
        var located = first.Ref;
        var link = new SchedulerLink(connection, new TestKitsNode(), new SchedulerFinder((_, _) => Task.FromResult(located), () => throw new InvalidOperationException("no new node here")), "127.0.0.1:8786", TimeSpan.FromSeconds(30), CancellationToken.None);

        Sys.EventStream.Publish(new DisassociatedEvent(((ExtendedActorSystem)Sys).Provider.DefaultAddress, first.Ref.Path.Address, inbound: false));
        await AwaitConditionAsync(() => Task.FromResult(connection.IsInDoubt), TimeSpan.FromSeconds(30));
        Assert.Same(connection, await link.ConnectionAsync());
        Assert.False(connection.IsInDoubt);

        var second = CreateTestProbe();
        located = second.Ref;
        Sys.Stop(first.Ref);
        await AwaitConditionAsync(() => Task.FromResult(connection.IsLost), TimeSpan.FromSeconds(30));
        var reconnecting = link.ConnectionAsync();
        var open = await second.ExpectMsgAsync<OpenSession>();
        second.Reply(new SessionOpened(open.SessionId));
        var replaced = await reconnecting;

        Assert.Equal(second.Ref, replaced.Scheduler);
        Assert.NotEqual(connection.Session.Id, replaced.Session.Id);
        Assert.Same(replaced, link.Current);
    }

    [Fact]
    public async Task An_embedded_link_whose_scheduler_stopped_says_so()
    {
        var (scheduler, connection) = await ConnectAsync();
        var link = new SchedulerLink(connection, new TestKitsNode(), null, "127.0.0.1:8786", TimeSpan.FromSeconds(30), CancellationToken.None);

        Sys.Stop(scheduler.Ref);
        await AwaitConditionAsync(() => Task.FromResult(connection.IsLost), TimeSpan.FromSeconds(30));

        var stopped = await Assert.ThrowsAsync<SchedulerUnavailableException>(link.ConnectionAsync);
        Assert.Contains("embedded cluster's scheduler has stopped", stopped.Message);
    }

    [Fact]
    public async Task A_node_remembers_the_addresses_that_refused_it_for_a_quarantine_and_no_other_association_failure()
    {
        var refusals = QuarantineRefusals.Of(Sys);
        var self = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        var scheduler = new Address("akka.tcp", "rltk", "10.0.0.9", 8786);
        var other = new Address("akka.tcp", "rltk", "10.0.0.8", 8786);

        Sys.EventStream.Publish(new AssociationErrorEvent(new InvalidOperationException("Connection refused"), self, other, inbound: false, Akka.Event.LogLevel.WarningLevel));
        Sys.EventStream.Publish(new ThisActorSystemQuarantinedEvent(self, scheduler));
        await AwaitConditionAsync(() => Task.FromResult(refusals.Refusal("10.0.0.9", 8786) is not null), TimeSpan.FromSeconds(30));
        Assert.Null(refusals.Refusal("10.0.0.8", 8786));

        // This side's own refusal of a scheduler it quarantined, met again with the same identity.
        Sys.EventStream.Publish(new AssociationErrorEvent(
            new InvalidOperationException("Association failed", new InvalidOperationException("The remote system has a UID that has been quarantined. Association aborted.")),
            self, other, inbound: false, Akka.Event.LogLevel.WarningLevel));
        await AwaitConditionAsync(() => Task.FromResult(refusals.Refusal("10.0.0.8", 8786) is not null), TimeSpan.FromSeconds(30));
        Assert.Contains("quarantined", refusals.Refusal("10.0.0.8", 8786));
        Assert.Same(refusals, QuarantineRefusals.Of(Sys));
    }

    private async Task<(Akka.TestKit.TestProbe Scheduler, SchedulerConnection Connection)> ConnectAsync()
    {
        var scheduler = CreateTestProbe();
        var opening = SchedulerConnection.OpenAsync(Sys, scheduler.Ref, TimeSpan.FromSeconds(30), "The test's scheduler");
        var open = await scheduler.ExpectMsgAsync<OpenSession>();
        scheduler.Reply(new SessionOpened(open.SessionId));
        return (scheduler, await opening);
    }

    /// <summary>The test kit's actor system, which the test kit stops.</summary>
    private sealed class TestKitsNode : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
