using Akka.Actor;
using Rltk.Actors.Wire;
using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class CombineRoundsTests
{
    private static readonly Guid Task = Guid.NewGuid();

    private static CombineRound Order(int round, int children) => new(Task, round, children, Parent: null, Client: ActorRefs.Nobody);

    private static ChildContext Context(int round, byte value) => new(Task, round, HasValue: true, [value]);

    [Fact]
    public void A_round_is_ready_when_its_last_child_has_sent_its_context()
    {
        var rounds = new CombineRounds();

        Assert.Null(rounds.Start(Order(1, children: 2)));
        Assert.Null(rounds.Add(Context(1, 10)));
        var (order, children) = rounds.Add(Context(1, 20))!.Value;

        Assert.Equal(1, order.Round);
        Assert.Equal(new byte[] { 10, 20 }, children.Select(c => c.Item2[0]));
    }

    [Fact]
    public void A_child_context_that_comes_before_the_order_is_kept_for_it()
    {
        var rounds = new CombineRounds();

        Assert.Null(rounds.Add(Context(1, 10)));
        Assert.Null(rounds.Add(Context(1, 20)));
        var (_, children) = rounds.Start(Order(1, children: 2))!.Value;

        Assert.Equal(new byte[] { 10, 20 }, children.Select(c => c.Item2[0]).Order());
    }

    [Fact]
    public void Contexts_of_a_round_that_is_over_are_dropped_whenever_they_come()
    {
        var rounds = new CombineRounds();
        Assert.Null(rounds.Add(Context(1, 10)));
        rounds.Abort(Task, 1);
        Assert.Null(rounds.Add(Context(1, 11)));

        Assert.Null(rounds.Start(Order(2, children: 1)));
        Assert.Null(rounds.Add(Context(1, 12)));
        var (order, children) = rounds.Add(Context(2, 20))!.Value;

        Assert.Equal(2, order.Round);
        Assert.Equal(new byte[] { 20 }, children.Select(c => c.Item2[0]));
    }

    [Fact]
    public void Early_contexts_of_an_older_round_do_not_count_for_a_newer_order()
    {
        var rounds = new CombineRounds();
        Assert.Null(rounds.Add(Context(1, 10)));

        Assert.Null(rounds.Start(Order(2, children: 1)));
        Assert.NotNull(rounds.Add(Context(2, 20)));
    }
}
