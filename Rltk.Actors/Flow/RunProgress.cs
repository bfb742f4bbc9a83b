namespace Rltk.Actors;

/// <summary>
/// Progress of a run — of a <see cref="ParallelProcessor{TIn,TOut}"/>, a <see cref="MapReduce{TIn,TOut}"/> or a
/// <see cref="RemoteTask{TIn,TOut}"/>: inputs submitted, completed (all the way through the collector or
/// reducers, failed ones included) and failed, how long it has run, its recent rate, and — when the total is
/// known — the fraction done and the time left.
/// </summary>
public readonly record struct RunProgress(long Submitted, long Completed, long Failed, long? Total, TimeSpan Elapsed, double InputsPerSecond)
{
    /// <summary>Completed of total, 0 to 1; null when the total is not known.</summary>
    public double? Fraction => Total is > 0 and var total ? Math.Min(1, Completed / (double)total) : null;

    /// <summary>The time left at the recent rate; null when the total or the rate is not known.</summary>
    public TimeSpan? Remaining => Total is { } total && InputsPerSecond > 0 && Completed <= total
        ? TimeSpan.FromSeconds((total - Completed) / InputsPerSecond)
        : null;

    /// <summary>One line a person reads: counts, percent, rate, time left, failures.</summary>
    public override string ToString()
    {
        var done = Total is { } total ? $"{Completed:N0} of {total:N0} inputs ({Fraction * 100:F1}%)" : $"{Completed:N0} inputs done";
        var left = Remaining is { } remaining ? $", about {remaining:hh\\:mm\\:ss} left" : "";
        var failed = Failed > 0 ? $", {Failed:N0} failed" : "";
        return $"{done}, {InputsPerSecond:N0}/s{left}{failed}";
    }
}
