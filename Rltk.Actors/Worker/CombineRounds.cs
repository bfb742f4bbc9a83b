using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// The combining rounds a worker takes part in, one per reduce task: the scheduler's order, and the contexts
/// of the children in the tree as they arrive. A round is ready when all its children have sent theirs. A
/// child's context can come before the order (it travels from the child, the order from the scheduler, on
/// other connections): it is kept for the order. Words of a round that is over (aborted when a worker was
/// lost, or combined) are dropped.
/// </summary>
internal sealed class CombineRounds
{
    private readonly Dictionary<Guid, Round> _rounds = [];
    private readonly Dictionary<(Guid Task, int Round), List<(bool, byte[])>> _early = [];
    private readonly Dictionary<Guid, int> _overThrough = [];

    /// <summary>The scheduler's order; the round, ready to combine, if it has no children or they all came first.</summary>
    public (CombineRound Order, IReadOnlyList<(bool, byte[])> Children)? Start(CombineRound order)
    {
        var round = _rounds[order.TaskId] = new Round(order);
        if (_early.Remove((order.TaskId, order.Round), out var early))
        {
            round.Children.AddRange(early);
        }

        DropEarly(order.TaskId, through: order.Round);
        return ReadyOrNull(order.TaskId);
    }

    /// <summary>A child's context; the round, ready to combine, once it is the last.</summary>
    public (CombineRound Order, IReadOnlyList<(bool, byte[])> Children)? Add(ChildContext child)
    {
        var context = (child.HasValue, child.Value);
        if (_overThrough.TryGetValue(child.TaskId, out var over) && child.Round <= over)
        {
            return null;
        }

        if (!_rounds.TryGetValue(child.TaskId, out var round) || round.Order.Round < child.Round)
        {
            if (!_early.TryGetValue((child.TaskId, child.Round), out var early))
            {
                _early[(child.TaskId, child.Round)] = early = [];
            }

            early.Add(context);
            return null;
        }

        if (round.Order.Round != child.Round)
        {
            return null;
        }

        round.Children.Add(context);
        return ReadyOrNull(child.TaskId);
    }

    public void Abort(Guid taskId, int round)
    {
        if (_rounds.TryGetValue(taskId, out var current) && current.Order.Round <= round)
        {
            _rounds.Remove(taskId);
        }

        Over(taskId, round);
    }

    public void Forget(Guid taskId)
    {
        _rounds.Remove(taskId);
        _overThrough.Remove(taskId);
        DropEarly(taskId, through: int.MaxValue);
    }

    private (CombineRound, IReadOnlyList<(bool, byte[])>)? ReadyOrNull(Guid taskId)
    {
        var round = _rounds[taskId];
        if (round.Children.Count < round.Order.Children)
        {
            return null;
        }

        _rounds.Remove(taskId);
        Over(taskId, round.Order.Round);
        return (round.Order, round.Children);
    }

    private void Over(Guid taskId, int round)
    {
        _overThrough[taskId] = Math.Max(round, _overThrough.GetValueOrDefault(taskId, int.MinValue));
        DropEarly(taskId, through: round);
    }

    private void DropEarly(Guid taskId, int through)
    {
        foreach (var key in _early.Keys.Where(key => key.Task == taskId && key.Round <= through).ToArray())
        {
            _early.Remove(key);
        }
    }

    private sealed class Round(CombineRound order)
    {
        public CombineRound Order { get; } = order;

        public List<(bool, byte[])> Children { get; } = [];
    }
}
