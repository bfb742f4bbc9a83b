namespace Rltk.Actors;

/// <summary>
/// Tuning and callbacks of a <see cref="ParallelProcessor{TIn,TOut}"/> or <see cref="MapReduce{TIn,TOut}"/>,
/// named after pyrallel's arguments. Every queue is bounded: a producer that runs ahead waits in
/// <c>AddTask</c> instead of growing memory.
/// </summary>
public sealed record ProcessorOptions
{
    /// <summary>
    /// Inputs per chunk sent to a mapper (pyrallel's <c>batch_size</c>). Null, the default, sizes chunks
    /// from what mapping an input costs: large for cheap inputs, small for expensive ones.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Chunks waiting for each mapper before <c>AddTask</c> blocks (pyrallel's <c>max_size_per_mapper_queue</c>).</summary>
    public int MaxSizePerMapperQueue { get; init; } = 4;

    /// <summary>
    /// Mapped chunks, per mapper, waiting for the collector (MapReduce: the reducers) before mappers
    /// block (pyrallel's <c>max_size_per_collector_queue</c>).
    /// </summary>
    public int MaxSizePerCollectorQueue { get; init; } = 4;

    /// <summary>
    /// Told the run's <see cref="RunProgress"/> — counts, rate, and time left when the total is known — every
    /// <see cref="ProgressInterval"/> while it moves, and once at the end; nothing is done per input.
    /// <see cref="ConsoleProgressBar"/> draws it.
    /// </summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>How often <see cref="Progress"/> may be told.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many inputs the run will have, for the progress's fraction and time left; without it, a collection given to <c>Map</c> counts.</summary>
    public long? Total { get; init; }

    /// <summary>
    /// Null, the default: the first failure of user code stops the run and <c>Join</c> throws it.
    /// Set: the run goes on and this receives each failure, one call at a time.
    /// </summary>
    public Action<TaskFailedException>? OnError { get; init; }

    /// <summary>Cancels the run: waiting calls wake and <c>Join</c> throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal void Validate()
    {
        if (BatchSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize,
                "BatchSize must be at least 1, or null to size chunks automatically.");
        }

        RequirePositive(MaxSizePerMapperQueue, nameof(MaxSizePerMapperQueue));
        RequirePositive(MaxSizePerCollectorQueue, nameof(MaxSizePerCollectorQueue));
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval,
                "ProgressInterval must be longer than zero.");
        }
    }

    private static void RequirePositive(int size, string name)
    {
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(name, size,
                $"{name} must be at least 1: every queue is bounded so that memory stays bounded.");
        }
    }
}
