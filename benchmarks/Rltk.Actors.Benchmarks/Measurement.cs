using System.Diagnostics;

namespace Rltk.Actors.Benchmarks;

/// <summary>The median time of one implementation, and its time in each round.</summary>
internal sealed record Timing(string Workload, string Implementation, long Items, IReadOnlyList<double> Seconds)
{
    public double MedianSeconds => Median(Seconds);

    public double ItemsPerSecond => Items / MedianSeconds;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Runs every implementation of a workload <c>warmups</c> times untimed, then <c>rounds</c> times in turn
/// (A B C A B C …) so that drift of a shared machine hits them alike. The warm-up is long because every
/// engine run starts an actor system, and the JIT keeps tiering Akka's start-up code up for a dozen runs or
/// so; timed rounds measure the steady state. A wrong checksum fails the whole run.
/// </summary>
internal static class Measurement
{
    public static IReadOnlyList<Timing> Measure(Workload workload, int warmups, int rounds)
    {
        for (var warmup = 0; warmup < warmups; warmup++)
        {
            foreach (var implementation in workload.Implementations)
            {
                TimeOnce(workload, implementation);
            }
        }

        var seconds = workload.Implementations.ToDictionary(i => i.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var implementation in workload.Implementations)
            {
                seconds[implementation.Name].Add(TimeOnce(workload, implementation));
            }
        }

        return workload.Implementations
            .Select(i => new Timing(workload.Id, i.Name, workload.Items, seconds[i.Name]))
            .ToArray();
    }

    private static double TimeOnce(Workload workload, Implementation implementation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = Stopwatch.GetTimestamp();
        var checksum = implementation.Run();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (checksum != workload.Expected)
        {
            throw new InvalidOperationException(
                $"{workload.Id} {implementation.Name} answered {checksum}, not {workload.Expected}: a wrong answer is a failed run.");
        }

        return elapsed;
    }
}
