using System.Diagnostics;

namespace Rltk.Actors.Benchmarks;

/// <summary>W4 and W5 of docs/benchmarks.md: RemoteTask through real scheduler and worker processes, with same-run baselines.</summary>
internal static class RemoteWorkloads
{
    /// <summary>
    /// W4; its baselines are W1's, run in the same program run, compared by rate. With <paramref name="watched"/>,
    /// also on a like cluster whose dashboard is open (see <see cref="DashboardViewer"/>), in turn with the first.
    /// </summary>
    public static Workload W4(Remote cluster, int calls, Remote? watched = null) => new("W4", calls, SumOfProducts(calls),
    [
        new("sequential", () => SumOfProducts(calls)),
        new("rltk-remote-task", () => RemoteProducts(cluster, calls)),
        .. watched is null ? [] : new[] { new Implementation("rltk-remote-task-dashboard-open", () => RemoteProducts(watched, calls)) },
    ]);

    public static Workload W5(Remote cluster, int calls) => new("W5", calls, Workloads.SequentialLevenshtein(calls),
    [
        new("sequential", () => Workloads.SequentialLevenshtein(calls)),
        new("parallel-for", () => Workloads.ParallelForLevenshtein(calls)),
        new("rltk-remote-task", () => RemoteLevenshtein(cluster, calls)),
    ]);

    /// <summary>
    /// Seconds from <c>new Remote()</c> until a one-input task has come back: the embedded cluster ready to
    /// work. The first call in the process is the cold start a user's program pays.
    /// </summary>
    public static double EmbeddedReadySeconds()
    {
        var started = Stopwatch.GetTimestamp();
        using var remote = new Remote();
        var answer = 0L;
        var task = new RemoteTask<(int X, int Y), long>(remote, Product, p => answer = p);
        task.Start();
        task.Compute((6, 7));
        task.TaskDone();
        task.Join();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return answer == 42 ? elapsed : throw new InvalidOperationException($"The embedded cluster answered {answer}, not 42.");
    }

    public static long Product((int X, int Y) pair) => (long)pair.X * pair.Y;

    private static long SumOfProducts(int calls)
    {
        long sum = 0;
        for (var x = 0; x < calls; x++)
        {
            sum += (long)x * (x + 1);
        }

        return sum;
    }

    private static long RemoteProducts(Remote cluster, int calls)
    {
        long sum = 0;
        var task = new RemoteTask<(int X, int Y), long>(cluster, Product, p => sum += p);
        task.Start();
        for (var x = 0; x < calls; x++)
        {
            task.Compute((x, x + 1));
        }

        task.TaskDone();
        task.Join();
        return sum;
    }

    private static long RemoteLevenshtein(Remote cluster, int calls)
    {
        long sum = 0;
        var task = new RemoteTask<int, int>(cluster, Levenshtein.OfTask, d => sum += d);
        task.Start();
        for (var i = 0; i < calls; i++)
        {
            task.Compute(i);
        }

        task.TaskDone();
        task.Join();
        return sum;
    }
}
