using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class WorkerLedgerTests
{
    [Fact]
    public void The_freest_worker_gets_the_next_chunk_and_none_holds_more_than_its_credit()
    {
        var ledger = new WorkerLedger();
        var small = ledger.Register(new NamedRef("small"), mappers: 1)!;
        var large = ledger.Register(new NamedRef("large"), mappers: 2)!;

        var given = new List<string>();
        while (ledger.Freest() is { } worker)
        {
            worker.Held.Add((Guid.Empty, new ChunkKey(given.Count)));
            given.Add(worker.Agent.Path.Name);
        }

        Assert.Equal(WorkerLedger.ChunksPerMapper * 3, given.Count);
        Assert.Equal(WorkerLedger.ChunksPerMapper * 2, given.Count(name => name == "large"));
        Assert.Equal(0, small.Free);
        Assert.Equal(0, large.Free);

        ledger.Release(small.Agent, Guid.Empty, new ChunkKey(given.IndexOf("small")));
        Assert.Same(small, ledger.Freest());
    }

    [Fact]
    public void A_leaving_worker_gets_nothing_and_a_second_registration_is_not_a_second_worker()
    {
        var ledger = new WorkerLedger();
        var agent = new NamedRef("agent");
        var worker = ledger.Register(agent, mappers: 4)!;

        Assert.Null(ledger.Register(agent, mappers: 4));
        worker.Leaving = true;
        Assert.Null(ledger.Freest());
        Assert.Equal(1, ledger.Count);
        Assert.True(ledger.Remove(agent));
        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public void Only_the_workers_given_a_session_forget_it()
    {
        var ledger = new WorkerLedger();
        var (given, other) = (ledger.Register(new NamedRef("given"), 1)!, ledger.Register(new NamedRef("other"), 1)!);
        var session = Guid.NewGuid();
        given.Files.Retain(session, ["hash"]);

        Assert.Same(given, Assert.Single(ledger.ForgetSession(session)));
        Assert.False(given.Files.Has("hash"));
        Assert.Empty(ledger.ForgetSession(session));
        Assert.NotNull(other);
    }
}
