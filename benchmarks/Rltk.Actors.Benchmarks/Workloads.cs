using System.Threading.Tasks.Dataflow;
using Rltk.Actors;

namespace Rltk.Actors.Benchmarks;

/// <summary>One implementation of a workload: runs it once and returns its checksum.</summary>
internal sealed record Implementation(string Name, Func<long> Run);

/// <summary>A workload of ../shared/docs/benchmarks.md: its size, the answer every implementation must give, and the implementations.</summary>
internal sealed record Workload(string Id, long Items, long Expected, IReadOnlyList<Implementation> Implementations);

/// <summary>W1, W2 and W3 of docs/benchmarks.md, each with the project and its same-run baselines.</summary>
internal static class Workloads
{
    private static readonly int Cores = Environment.ProcessorCount;

    public static Workload W1(int tasks) => new("W1", tasks, SumOfSquares(tasks),
    [
        new("sequential", () => SumOfSquares(tasks)),
        new("tpl-dataflow", () => DataflowSquares(tasks)),
        new("rltk-parallel-processor", () => ProcessorSquares(tasks)),
    ]);

    public static Workload W2(int tasks) => new("W2", tasks, SequentialLevenshtein(tasks),
    [
        new("sequential", () => SequentialLevenshtein(tasks)),
        new("parallel-for", () => ParallelForLevenshtein(tasks)),
        new("rltk-parallel-processor", () => ProcessorLevenshtein(tasks)),
    ]);

    public static Workload W3(int tasks) => new("W3", tasks, (long)tasks * (tasks + 1) / 2,
    [
        new("sequential", () => SequentialSum(tasks)),
        new("plinq-sum", () => ParallelEnumerable.Range(1, tasks).Sum(x => (long)x)),
        new("rltk-map-reduce", () => MapReduceSum(tasks)),
    ]);

    private static long SumOfSquares(int tasks)
    {
        long sum = 0;
        for (long x = 0; x < tasks; x++)
        {
            sum += x * x;
        }

        return sum;
    }

    private static long DataflowSquares(int tasks)
    {
        long sum = 0;
        var square = new TransformBlock<long, long>(x => x * x, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = Cores });
        var collect = new ActionBlock<long>(r => sum += r);
        square.LinkTo(collect, new DataflowLinkOptions { PropagateCompletion = true });
        for (long x = 0; x < tasks; x++)
        {
            square.Post(x);
        }

        square.Complete();
        collect.Completion.Wait();
        return sum;
    }

    private static long ProcessorSquares(int tasks)
    {
        long sum = 0;
        var pp = new ParallelProcessor<long, long>(Cores, mapper: x => x * x, collector: r => sum += r);
        pp.Start();
        for (long x = 0; x < tasks; x++)
        {
            pp.AddTask(x);
        }

        pp.TaskDone();
        pp.Join();
        return sum;
    }

    internal static long SequentialLevenshtein(int tasks)
    {
        long sum = 0;
        for (var i = 0; i < tasks; i++)
        {
            sum += Levenshtein.OfTask(i);
        }

        return sum;
    }

    internal static long ParallelForLevenshtein(int tasks)
    {
        long sum = 0;
        Parallel.For(0, tasks, i => Interlocked.Add(ref sum, Levenshtein.OfTask(i)));
        return sum;
    }

    private static long ProcessorLevenshtein(int tasks)
    {
        long sum = 0;
        var pp = new ParallelProcessor<int, int>(Cores, mapper: Levenshtein.OfTask, collector: d => sum += d);
        pp.Start();
        for (var i = 0; i < tasks; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        pp.Join();
        return sum;
    }

    private static long SequentialSum(int tasks)
    {
        long sum = 0;
        for (long x = 1; x <= tasks; x++)
        {
            sum += x;
        }

        return sum;
    }

    private static long MapReduceSum(int tasks)
    {
        var mr = new MapReduce<long, long>(Cores, x => x, (r1, r2) => r1 + r2);
        mr.Start();
        for (long x = 1; x <= tasks; x++)
        {
            mr.AddTask(x);
        }

        mr.TaskDone();
        return mr.Join();
    }
}

/// <summary>W2's work: the plain dynamic-programming Levenshtein distance of two strings made from the task number.</summary>
internal static class Levenshtein
{
    private const int Length = 300;

    public static int OfTask(int i)
    {
        Span<char> a = stackalloc char[Length];
        Span<char> b = stackalloc char[Length];
        for (var k = 0; k < Length; k++)
        {
            a[k] = (char)('a' + (i * 7 + k * 13) % 26);
            b[k] = (char)('a' + (i * 11 + k * 17) % 26);
        }

        return Distance(a, b);
    }

    private static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }
}
