using Rltk.Actors.Client;
using Rltk.Actors.Flow;
using Rltk.Actors.Wire;

namespace Rltk.Actors;

/// <summary>
/// pyrallel's MapReduce on a cluster, as a tree of reducers across the workers: each worker maps its chunks
/// and folds them into a running context of its own while mapping goes on; at the end the workers' contexts
/// are combined up a tree of workers, and this client receives one value. A worker lost before the end takes
/// its context with it; the chunks folded into it run again elsewhere, so the result equals a sequential
/// fold — nothing counted twice, nothing missed. Same life cycle and rules as <see cref="MapReduce{TIn,TOut}"/>:
/// <see cref="Start"/>, <see cref="AddTask"/> / <see cref="Map"/>, <see cref="TaskDone"/>, <see cref="Join"/>; the
/// reducer must be associative and commutative; an empty input gives the seed, or throws without one.
/// </summary>
public sealed class RemoteMapReduce<TIn, TOut> : IAsyncDisposable, IDisposable
{
    private readonly RemoteTask<TIn, TOut> _task;
    private readonly Func<TOut, TOut, TOut> _reducer;
    private readonly bool _hasSeed;
    private readonly TOut _seed;
    private TaskReduced? _reduced;

    /// <summary>A MapReduce on the cluster whose empty input is an error.</summary>
    public RemoteMapReduce(
        Remote remote, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, int chunkSize = 1000, int maxQueueSize = 10, RemoteTaskOptions? options = null)
        : this(remote, mapper, reducer, false, default!, chunkSize, maxQueueSize, options)
    {
    }

    /// <summary>A MapReduce on the cluster that folds <paramref name="seed"/> into the result once, and returns it for an empty input.</summary>
    public RemoteMapReduce(
        Remote remote, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, TOut seed, int chunkSize = 1000, int maxQueueSize = 10,
        RemoteTaskOptions? options = null)
        : this(remote, mapper, reducer, true, seed, chunkSize, maxQueueSize, options)
    {
    }

    private RemoteMapReduce(
        Remote remote, Func<TIn, TOut> mapper, Func<TOut, TOut, TOut> reducer, bool hasSeed, TOut seed, int chunkSize, int maxQueueSize,
        RemoteTaskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        (_reducer, _hasSeed, _seed) = (reducer, hasSeed, seed);
        var handler = HandlerShipping.Describe<TIn, TOut>(mapper, HandlerKind.Reduce) with
        {
            Reducer = HandlerShipping.Describe<TOut, TOut>(reducer, HandlerKind.Function),
        };
        var code = AssemblyClosure.RootsOf(mapper, typeof(TIn), typeof(TOut)).Union(AssemblyClosure.RootsOf(reducer, typeof(TOut))).ToArray();
        _task = new RemoteTask<TIn, TOut>(
            remote, handler, code, outputHandler: null, chunkSize, maxQueueSize, options, HandlerShipping.NameOf(mapper), reduced => _reduced = reduced);
    }

    /// <summary>Opens the task on the scheduler, after shipping the code of the mapper and the reducer. Call it once, first.</summary>
    public void Start() => _task.Start();

    /// <inheritdoc cref="Start"/>
    public Task StartAsync() => _task.StartAsync();

    /// <summary>Adds one input; blocks while <c>maxQueueSize</c> chunks are in flight.</summary>
    public void AddTask(TIn input) => _task.Compute(input);

    /// <summary>Adds one input, waiting without blocking a thread while <c>maxQueueSize</c> chunks are in flight.</summary>
    public ValueTask AddTaskAsync(TIn input, CancellationToken cancellationToken = default) => _task.ComputeAsync(input, cancellationToken);

    /// <summary>Adds every element of <paramref name="inputs"/> (pyrallel's <c>map</c>).</summary>
    public void Map(IEnumerable<TIn> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            _task.Compute(input);
        }
    }

    /// <summary>Marks the end of the input. Call it once, before Join.</summary>
    public void TaskDone() => _task.TaskDone();

    /// <summary>Waits for the workers' contexts to be combined and returns the result; throws what stopped the task, if anything did.</summary>
    public TOut Join() => BlockingWait.On(JoinAsync());

    /// <inheritdoc cref="Join"/>
    public async Task<TOut> JoinAsync(CancellationToken cancellationToken = default)
    {
        await _task.JoinAsync(cancellationToken).ConfigureAwait(false);
        if (_reduced is { HasValue: true } reduced)
        {
            var value = PayloadSerializer.Shared.Deserialize<TOut>(reduced.Value);
            return _hasSeed ? _reducer(_seed, value) : value;
        }

        return _hasSeed
            ? _seed
            : throw new InvalidOperationException(
                "RemoteMapReduce received no tasks, so there is nothing to reduce. Pass a seed to the constructor to get it back for an empty input.");
    }

    /// <summary>Cancels the task if it has not ended.</summary>
    public ValueTask DisposeAsync() => _task.DisposeAsync();

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => _task.Dispose();
}
