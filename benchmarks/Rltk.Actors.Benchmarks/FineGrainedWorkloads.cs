using System.Diagnostics;
using Akka.Actor;

namespace Rltk.Actors.Benchmarks;

/// <summary>W6, W7 and W8 of docs/benchmarks.md: work in units as small as one input, through real host processes.</summary>
internal static class FineGrainedWorkloads
{
    /// <summary>W6: a RemoteTask with every input a chunk of its own.</summary>
    public static Workload W6(Remote cluster, int inputs) => new("W6", inputs, SumOfTriples(inputs),
    [
        new("rltk-remote-task-chunk-1", () => RemoteTriples(cluster, inputs)),
    ]);

    /// <summary>W8: that many calls started at once from one client, then awaited together; every result checked.</summary>
    public static Workload W8(Remote cluster, int calls) => new("W8", calls, SumOfDoubles(calls),
    [
        new("rltk-submit-async", () => ConcurrentCalls(cluster, calls)),
    ]);

    /// <summary>
    /// W7: one call awaited at a time; the latencies (ms) of <paramref name="timed"/> calls after
    /// <paramref name="discarded"/> untimed ones, sorted.
    /// </summary>
    public static double[] W7Latencies(Remote cluster, int discarded, int timed)
    {
        var latencies = new List<double>();
        for (var i = 0; i < discarded + timed; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = cluster.SubmitAsync(Double, i).GetAwaiter().GetResult();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (answer != 2L * i)
            {
                throw new InvalidOperationException($"W7 call {i} answered {answer}, not {2L * i}.");
            }

            if (i >= discarded)
            {
                latencies.Add(elapsed);
            }
        }

        return [.. latencies.Order()];
    }

    /// <summary>
    /// W7's floor: the latencies (ms) of bare Akka.Remote round trips between the client and its scheduler
    /// (an <see cref="Identify"/> answered by the scheduler actor), one at a time, sorted. A call crosses
    /// three connections; a round trip crosses two.
    /// </summary>
    public static double[] RoundTripLatencies(Remote cluster, int discarded, int timed)
    {
        var latencies = new List<double>();
        for (var i = 0; i < discarded + timed; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var identity = cluster.Connection.Scheduler.Ask<ActorIdentity>(new Identify(i), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!Equals(identity.MessageId, i) || identity.Subject is null)
            {
                throw new InvalidOperationException($"Round trip {i} answered {identity.MessageId} from {identity.Subject}.");
            }

            if (i >= discarded)
            {
                latencies.Add(elapsed);
            }
        }

        return [.. latencies.Order()];
    }

    public static double Percentile(double[] sorted, double percent) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];

    public static long Triple(long x) => 3L * x;

    public static long Double(int x) => 2L * x;

    private static long RemoteTriples(Remote cluster, int inputs)
    {
        long sum = 0;
        var task = new RemoteTask<long, long>(cluster, Triple, t => sum += t, chunkSize: 1, maxQueueSize: 1_000);
        task.Start();
        for (var x = 0L; x < inputs; x++)
        {
            task.Compute(x);
        }

        task.TaskDone();
        task.Join();
        return sum;
    }

    private static long ConcurrentCalls(Remote cluster, int calls)
    {
        var results = Task.WhenAll(Enumerable.Range(0, calls).Select(i => cluster.SubmitAsync(Double, i))).GetAwaiter().GetResult();
        return results.Sum();
    }

    private static long SumOfTriples(int inputs) => 3L * inputs * (inputs - 1) / 2;

    private static long SumOfDoubles(int calls) => (long)calls * (calls - 1);
}
