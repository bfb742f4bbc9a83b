using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// The combining rounds a worker takes part in, one per reduce task: the scheduler's order, and the contexts
/// of the children in the tree as they arrive. A round is ready when all its children have sent theirs.
/// Words of an older round (aborted when a worker was lost) are dropped.
/// </summary>
internal sealed class CombineRounds
{
    private readonly Dictionary<Guid, Round> _rounds = [];

    /// <summary>The scheduler's order; the round, ready to combine, if it has no children.</summary>
    public (CombineRound Order, IReadOnlyList<(bool, byte[])> Children)? Start(CombineRound order)
    {
        _rounds[order.TaskId] = new Round(order);
        return ReadyOrNull(order.TaskId);
    }

    /// <summary>A child's context; the round, ready to combine, once it is the last.</summary>
    public (CombineRound Order, IReadOnlyList<(bool, byte[])> Children)? Add(ChildContext child)
    {
        if (!_rounds.TryGetValue(child.TaskId, out var round) || round.Order.Round != child.Round)
        {
            return null;
        }

        round.Children.Add((child.HasValue, child.Value));
        return ReadyOrNull(child.TaskId);
    }

    public void Abort(Guid taskId, int round)
    {
        if (_rounds.TryGetValue(taskId, out var current) && current.Order.Round <= round)
        {
            _rounds.Remove(taskId);
        }
    }

    public void Forget(Guid taskId) => _rounds.Remove(taskId);

    private (CombineRound, IReadOnlyList<(bool, byte[])>)? ReadyOrNull(Guid taskId)
    {
        var round = _rounds[taskId];
        if (round.Children.Count < round.Order.Children)
        {
            return null;
        }

        _rounds.Remove(taskId);
        return (round.Order, round.Children);
    }

    private sealed class Round(CombineRound order)
    {
        public CombineRound Order { get; } = order;

        public List<(bool, byte[])> Children { get; } = [];
    }
}
