using System.Diagnostics;

namespace Rltk.Linkage.Running;

/// <summary>How long one stage of the run took.</summary>
public readonly record struct StageTime(string Stage, TimeSpan Elapsed);

/// <summary>Runs the stages of a linkage run and notes how long each took, in order.</summary>
public sealed class StageTimes
{
    private readonly List<StageTime> _times = [];

    public IReadOnlyList<StageTime> All => _times;

    public T Time<T>(string stage, Func<T> run)
    {
        var started = Stopwatch.GetTimestamp();
        var result = run();
        _times.Add(new StageTime(stage, Stopwatch.GetElapsedTime(started)));
        return result;
    }
}
