using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Hosting;
using Rltk.Actors.Local;
using Rltk.Actors.Mapping;

namespace Rltk.Actors;

/// <summary>
/// pyrallel's MapReduce on actors. Mapper actors map the tasks and fold each chunk's outputs with the
/// reducer; <see cref="LocalEngine{TIn,TOut}.NumberOfMappers"/> reducer actors each keep a running
/// context and fold the partial values into it while mapping goes on; at the end the contexts are
/// combined up a binary tree of reducers and <see cref="Join"/> returns the root's.
/// </summary>
/// <remarks>
/// Outputs are reduced in no particular order, so the reducer must be associative and commutative
/// (as in pyrallel); the result then equals a sequential fold. An empty input gives the seed when one
/// was passed, and otherwise makes Join throw <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class MapReduce<TIn, TOut> : LocalEngine<TIn, TOut>
{
    private readonly Func<TOut, TOut, TOut> _reducer;
    private readonly ReducedContext<TOut> _seed;
    private ReducedContext<TOut>? _result;

    /// <summary>A MapReduce whose empty input is an error.</summary>
    public MapReduce(int numberOfMappers, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, ProcessorOptions? options = null)
        : this(numberOfMappers, mapper, reducer, new ReducedContext<TOut>(false, default!), options)
    {
    }

    /// <summary>A MapReduce that folds <paramref name="seed"/> into the result once, and returns it for an empty input.</summary>
    public MapReduce(int numberOfMappers, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, TOut seed, ProcessorOptions? options = null)
        : this(numberOfMappers, mapper, reducer, new ReducedContext<TOut>(true, seed), options)
    {
    }

    private MapReduce(int numberOfMappers, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, ReducedContext<TOut> seed, ProcessorOptions? options)
        : base("rltk-map-reduce", numberOfMappers, Mappers.From(mapper), options, keepOutputs: true, combine: reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        _reducer = reducer;
        _seed = seed;
    }

    /// <summary>Blocks until every task has been mapped and reduced, stops the actors and returns the result.</summary>
    public TOut Join() => BlockingWait.On(JoinAsync());

    /// <summary>
    /// Waits until every task has been mapped and reduced, stops the actors and returns the result.
    /// Cancelling <paramref name="cancellationToken"/> stops the wait, not the run.
    /// </summary>
    public async Task<TOut> JoinAsync(CancellationToken cancellationToken = default)
    {
        await JoinCoreAsync(cancellationToken).ConfigureAwait(false);
        return _result is { HasValue: true } result
            ? result.Value
            : throw new InvalidOperationException(
                "MapReduce received no tasks, so there is nothing to reduce. Pass a seed to the constructor to get it back for an empty input.");
    }

    private protected override IReadOnlyList<IActorRef> CreateResultActors(ActorSystem system, WorkTracker tracker)
    {
        var reducers = new IActorRef[NumberOfMappers];
        for (var index = 0; index < reducers.Length; index++)
        {
            var plan = new ReducerPlan<TOut>(
                _reducer,
                tracker,
                index,
                reducers.Length,
                Parent: index == 0 ? null : reducers[(index - 1) / 2],
                Seed: index == 0 ? _seed : new ReducedContext<TOut>(false, default!),
                OnResult: result => _result = result);
            reducers[index] = system.ActorOf(
                Props.Create<ReducerActor<TOut>>(plan).WithDispatcher(Dispatchers.Collector),
                $"reducer-{index}");
        }

        return reducers;
    }
}
