using Akka.Actor;
using Rltk.Actors.Flow;

namespace Rltk.Actors.Local;

/// <summary>
/// A reducer's final context, sent up the reducer tree once the reducer and its children are done.
/// <paramref name="HasValue"/> is false when no input reached this part of the tree.
/// </summary>
internal sealed record ReducedContext<TOut>(bool HasValue, TOut Value);

/// <summary>
/// Where reducer <c>Index</c> of <c>Count</c> sits in the reducer tree, and what it does: its
/// <c>Parent</c> receives its final context (the root has none and calls <c>OnResult</c>);
/// <c>Seed</c> is its starting context, which only the root may have.
/// </summary>
internal sealed record ReducerPlan<TOut>(
    Func<TOut, TOut, TOut> Reduce,
    WorkTracker Tracker,
    int Index,
    int Count,
    IActorRef? Parent,
    ReducedContext<TOut> Seed,
    Action<ReducedContext<TOut>> OnResult)
{
    /// <summary>Reducers form a binary heap: the children of reducer k are 2k+1 and 2k+2.</summary>
    public int ChildCount => (2 * Index + 1 < Count ? 1 : 0) + (2 * Index + 2 < Count ? 1 : 0);
}

/// <summary>
/// One reducer of a MapReduce: keeps a running context and folds into it every partial value the
/// mappers send, while mapping is still going on. When it has all its own chunks and the final
/// contexts of its children in the reducer tree, it passes its context to its parent; the root's
/// context is the result of the run.
/// </summary>
internal sealed class ReducerActor<TOut> : ReceiveActor
{
    private readonly ReducerPlan<TOut> _plan;
    private readonly ResultSink<TOut> _sink;
    private TOut _context;
    private bool _hasContext;
    private int _finishedChildren;
    private bool _finished;

    public ReducerActor(ReducerPlan<TOut> plan)
    {
        _plan = plan;
        _sink = new ResultSink<TOut>(Fold, FailureStage.Reducer, plan.Tracker);
        (_hasContext, _context) = (plan.Seed.HasValue, plan.Seed.Value);
        Receive<ResultChunk<TOut>>(HandleResult);
        Receive<InputComplete>(HandleInputComplete);
        Receive<ReducedContext<TOut>>(HandleChildContext);
    }

    private void HandleResult(ResultChunk<TOut> chunk)
    {
        _plan.Tracker.ReleaseResultSlot();
        _sink.Take(chunk);
        FinishIfDone();
    }

    private void HandleInputComplete(InputComplete end)
    {
        _sink.Expect(end.ChunksFor(_plan.Index, _plan.Count));
        FinishIfDone();
    }

    private void HandleChildContext(ReducedContext<TOut> child)
    {
        if (child.HasValue)
        {
            try
            {
                Fold(child.Value);
            }
            catch (Exception failure)
            {
                _plan.Tracker.Report(new TaskFailedException(FailureStage.Reducer, child.Value, failure));
            }
        }

        _finishedChildren++;
        FinishIfDone();
    }

    private void Fold(TOut value)
    {
        if (!_hasContext)
        {
            (_context, _hasContext) = (value, true);
            return;
        }

        _context = _plan.Reduce(_context, value);
    }

    private void FinishIfDone()
    {
        if (_finished || _plan.Tracker.IsStopped || !_sink.HasTakenAll || _finishedChildren < _plan.ChildCount)
        {
            return;
        }

        _finished = true;
        var context = new ReducedContext<TOut>(_hasContext, _context);
        if (_plan.Parent is { } parent)
        {
            parent.Tell(context);
        }
        else
        {
            _plan.OnResult(context);
            _plan.Tracker.Complete();
        }
    }
}
