// Runs the workloads of ../shared/docs/benchmarks.md with the project and its same-run baselines,
// prints one line per result and the ratios against the targets.
using System.CommandLine;
using System.Diagnostics;
using Rltk.Actors.Benchmarks;

if (args is [MemoryWorkload.ChildFlag, var childTasks])
{
    return MemoryWorkload.RunChild(long.Parse(childTasks));
}

var workloadsArgument = new Argument<string[]>("workloads")
{
    Description = "Which workloads to run: W1 W2 W3 M1 (default: all).",
    DefaultValueFactory = _ => ["W1", "W2", "W3", "M1"],
};
var roundsOption = new Option<int>("--rounds")
{
    Description = "Timed rounds per implementation.",
    DefaultValueFactory = _ => 9,
};
var warmupOption = new Option<int>("--warmup")
{
    Description = "Untimed rounds per implementation first, until the JIT has settled.",
    DefaultValueFactory = _ => 15,
};
var command = new RootCommand("Rltk.Actors benchmarks: the workloads of docs/benchmarks.md, with same-run baselines.")
{
    workloadsArgument,
    roundsOption,
    warmupOption,
};
command.SetAction(parsed => Run(
    parsed.GetValue(workloadsArgument)!.Select(w => w.ToUpperInvariant()).ToHashSet(),
    parsed.GetValue(warmupOption),
    parsed.GetValue(roundsOption)));
return command.Parse(args).Invoke();

static int Run(IReadOnlySet<string> selected, int warmups, int rounds)
{
    Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}, .NET {Environment.Version}");
    Console.WriteLine($"# commit: {Commit()}; {rounds} timed rounds after {warmups} warm-up rounds; medians");
    Console.WriteLine("workload implementation seconds items_per_second");

    var timings = new List<Timing>();
    var workloads = new[] { Workloads.W1(1_000_000), Workloads.W2(2_000), Workloads.W3(1_000_000) };
    foreach (var workload in workloads.Where(w => selected.Contains(w.Id)))
    {
        foreach (var timing in Measurement.Measure(workload, warmups, rounds))
        {
            timings.Add(timing);
            Console.WriteLine($"{timing.Workload} {timing.Implementation} {timing.MedianSeconds:F4} {timing.ItemsPerSecond:F0}");
        }
    }

    Console.WriteLine();
    Console.WriteLine("# ratios (median of the per-round ratios; W3 against W1's TPL Dataflow rate)");
    var met = true;
    met &= Report(timings, "W1", "rltk-parallel-processor", "W1", "tpl-dataflow", 2.0);
    met &= Report(timings, "W2", "rltk-parallel-processor", "W2", "parallel-for", 0.95);
    met &= Report(timings, "W3", "rltk-map-reduce", "W1", "tpl-dataflow", 2.0);

    if (selected.Contains("M1"))
    {
        var small = MemoryWorkload.PeakWorkingSetOfChild(1_000_000);
        var large = MemoryWorkload.PeakWorkingSetOfChild(10_000_000);
        var underTarget = large < 300L << 20;
        met &= underTarget;
        Console.WriteLine($"M1 peak working set: {small >> 20} MB at 1,000,000 tasks, {large >> 20} MB at 10,000,000 tasks (target < 300 MB, flat): {(underTarget ? "met" : "NOT met")}");
    }

    return met ? 0 : 2;
}

static bool Report(List<Timing> timings, string workload, string ours, string baselineWorkload, string baseline, double target)
{
    var mine = timings.SingleOrDefault(t => t.Workload == workload && t.Implementation == ours);
    var theirs = timings.SingleOrDefault(t => t.Workload == baselineWorkload && t.Implementation == baseline);
    if (mine is null || theirs is null)
    {
        return true;
    }

    // Same workload: compare round by round; across workloads: compare rates.
    var ratio = workload == baselineWorkload
        ? Timing.Median(mine.Seconds.Zip(theirs.Seconds, (m, t) => t / m))
        : mine.ItemsPerSecond / theirs.ItemsPerSecond;
    var isMet = ratio >= target;
    Console.WriteLine($"{workload} {ours} vs {baselineWorkload} {baseline}: {ratio:F2}x (target >= {target}x): {(isMet ? "met" : "NOT met")}");
    return isMet;
}

static string Commit()
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
        var commit = git?.StandardOutput.ReadToEnd().Trim();
        git?.WaitForExit();
        return string.IsNullOrEmpty(commit) ? "unknown" : commit;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown (no git)";
    }
}
