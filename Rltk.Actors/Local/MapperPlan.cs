using Rltk.Actors.Flow;

namespace Rltk.Actors.Local;

/// <summary>
/// Everything the mapper actors of one run share: how to make a user mapper, what to do with its
/// outputs, and the run's tracker and batch sizer. Hands out mapper indexes 0, 1, 2… in creation order.
/// </summary>
internal sealed class MapperPlan<TIn, TOut>(
    Func<Mapper<TIn, TOut>> createMapper,
    bool keepOutputs,
    Func<TOut, TOut, TOut>? combine,
    WorkTracker tracker,
    BatchSizer sizer)
{
    private int _lastIndex = -1;

    public Func<Mapper<TIn, TOut>> CreateMapper { get; } = createMapper;

    /// <summary>False when nobody collects outputs: the mapper then sends back counts and failures only.</summary>
    public bool KeepOutputs { get; } = keepOutputs;

    /// <summary>For MapReduce: folds the outputs of a chunk into one partial value before sending it.</summary>
    public Func<TOut, TOut, TOut>? Combine { get; } = combine;

    public WorkTracker Tracker { get; } = tracker;

    public BatchSizer Sizer { get; } = sizer;

    public int NextIndex() => Interlocked.Increment(ref _lastIndex);
}
