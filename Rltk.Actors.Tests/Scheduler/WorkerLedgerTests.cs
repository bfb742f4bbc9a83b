using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class WorkerLedgerTests
{
    private const long ChunkBytes = 1000;

    [Fact]
    public void The_freest_worker_gets_the_next_chunk_and_none_holds_more_than_its_credit()
    {
        var ledger = new WorkerLedger(ChunkBytes);
        var small = ledger.Register(new NamedRef("small"), mappers: 1, DateTimeOffset.UtcNow)!;
        var large = ledger.Register(new NamedRef("large"), mappers: 2, DateTimeOffset.UtcNow)!;

        var given = GiveWhileFree(ledger, bytes: 1);

        Assert.Equal(WorkerLedger.MinCreditPerMapper * 3, given.Count);
        Assert.Equal(WorkerLedger.MinCreditPerMapper * 2, given.Count(g => g.Worker == "large"));
        Assert.Equal(0, small.Free);
        Assert.Equal(0, large.Free);

        small.Release(Guid.Empty, given.First(g => g.Worker == "small").Key);
        Assert.Same(small, ledger.Freest());
    }

    [Fact]
    public void A_worker_whose_chunks_run_quickly_gets_more_credit_and_one_whose_chunks_are_slow_keeps_the_least()
    {
        var ledger = new WorkerLedger(ChunkBytes);
        var quick = ledger.Register(new NamedRef("quick"), mappers: 2, DateTimeOffset.UtcNow)!;
        var slow = ledger.Register(new NamedRef("slow"), mappers: 2, DateTimeOffset.UtcNow)!;
        for (var run = 0; run < 20; run++)
        {
            quick.Ran(TimeSpan.FromMicroseconds(10));
            slow.Ran(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2 * WorkerLedger.MaxCreditPerMapper, quick.Capacity);
        Assert.Equal(2 * WorkerLedger.MinCreditPerMapper, slow.Capacity);
        var given = GiveWhileFree(ledger, bytes: 1);
        Assert.Equal(2 * WorkerLedger.MaxCreditPerMapper, given.Count(g => g.Worker == "quick"));
        Assert.Equal(2 * WorkerLedger.MinCreditPerMapper, given.Count(g => g.Worker == "slow"));
    }

    [Fact]
    public void Credit_for_many_chunks_still_holds_no_more_bytes_than_the_least_credit_of_full_chunks_but_always_one_chunk()
    {
        var ledger = new WorkerLedger(ChunkBytes);
        var worker = ledger.Register(new NamedRef("worker"), mappers: 1, DateTimeOffset.UtcNow)!;
        worker.Ran(TimeSpan.FromMicroseconds(1));

        Assert.Equal(WorkerLedger.MinCreditPerMapper, GiveWhileFree(ledger, bytes: ChunkBytes).Count);
        foreach (var chunk in Enumerable.Range(0, WorkerLedger.MinCreditPerMapper))
        {
            worker.Release(Guid.Empty, new ChunkKey(chunk));
        }

        Assert.Single(GiveWhileFree(ledger, bytes: 10 * ChunkBytes));
    }

    /// <summary>Gives chunks of that many bytes to the freest worker while any has credit: which worker got each.</summary>
    private static List<(string Worker, ChunkKey Key)> GiveWhileFree(WorkerLedger ledger, long bytes)
    {
        var given = new List<(string Worker, ChunkKey Key)>();
        while (ledger.Freest() is { } worker)
        {
            var key = new ChunkKey(given.Count);
            worker.Hold(Guid.Empty, key, bytes);
            given.Add((worker.Agent.Path.Name, key));
        }

        return given;
    }

    [Fact]
    public void A_leaving_worker_gets_nothing_and_a_second_registration_is_not_a_second_worker()
    {
        var ledger = new WorkerLedger(ChunkBytes);
        var agent = new NamedRef("agent");
        var worker = ledger.Register(agent, mappers: 4, DateTimeOffset.UtcNow)!;

        Assert.Null(ledger.Register(agent, mappers: 4, DateTimeOffset.UtcNow));
        worker.Leaving = true;
        Assert.Null(ledger.Freest());
        Assert.Equal(1, ledger.Count);
        Assert.True(ledger.Remove(agent));
        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public void Only_the_workers_given_a_session_forget_it()
    {
        var ledger = new WorkerLedger(ChunkBytes);
        var (given, other) = (ledger.Register(new NamedRef("given"), 1, DateTimeOffset.UtcNow)!, ledger.Register(new NamedRef("other"), 1, DateTimeOffset.UtcNow)!);
        var session = Guid.NewGuid();
        given.Files.Retain(session, ["hash"]);

        Assert.Same(given, Assert.Single(ledger.ForgetSession(session)));
        Assert.False(given.Files.Has("hash"));
        Assert.Empty(ledger.ForgetSession(session));
        Assert.NotNull(other);
    }
}
