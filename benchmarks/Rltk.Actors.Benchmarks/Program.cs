// Runs the workloads of ../shared/docs/benchmarks.md with the project and its same-run baselines,
// prints one line per result and the ratios against the targets.
using System.CommandLine;
using System.Diagnostics;
using Rltk.Actors;
using Rltk.Actors.Benchmarks;
using Rltk.LocalCluster;

if (args is [MemoryWorkload.ChildFlag, var childTasks])
{
    return MemoryWorkload.RunChild(long.Parse(childTasks));
}

var workloadsArgument = new Argument<string[]>("workloads")
{
    Description = "Which workloads to run: W1 W2 W3 W4 W5 M1 (default: all).",
    DefaultValueFactory = _ => ["W1", "W2", "W3", "W4", "W5", "M1"],
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

    var embeddedReady = selected.Contains("W4") ? RemoteWorkloads.EmbeddedReadySeconds() : (double?)null;
    if (selected.Contains("W4") || selected.Contains("W5"))
    {
        using var hosts = LocalHosts.StartAsync(workers: 2).GetAwaiter().GetResult();
        Console.WriteLine($"# cluster: scheduler + 2 workers (--nprocs 1) at {hosts.Address}, ready in {hosts.StartSeconds:F2} s");
        using var cluster = new Remote(hosts.Address);
        var remoteWorkloads = new[] { RemoteWorkloads.W4(cluster, 1_000_000), RemoteWorkloads.W5(cluster, 2_000) };
        foreach (var workload in remoteWorkloads.Where(w => selected.Contains(w.Id)))
        {
            foreach (var timing in Measurement.Measure(workload, warmups, rounds))
            {
                timings.Add(timing);
                Console.WriteLine($"{timing.Workload} {timing.Implementation} {timing.MedianSeconds:F4} {timing.ItemsPerSecond:F0}");
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine("# ratios (median of the per-round ratios; W3 and W4 against W1's TPL Dataflow rate)");
    var met = true;
    met &= Report(timings, "W1", "rltk-parallel-processor", "W1", "tpl-dataflow", 2.0);
    met &= Report(timings, "W2", "rltk-parallel-processor", "W2", "parallel-for", 0.95);
    met &= Report(timings, "W3", "rltk-map-reduce", "W1", "tpl-dataflow", 2.0);
    met &= Report(timings, "W4", "rltk-remote-task", "W1", "tpl-dataflow", target: null);
    met &= Report(timings, "W5", "rltk-remote-task", "W5", "parallel-for", 0.8);
    if (timings.SingleOrDefault(t => t is { Workload: "W4", Implementation: "rltk-remote-task" }) is { } w4)
    {
        var fastEnough = w4.ItemsPerSecond >= 1_000_000;
        met &= fastEnough;
        Console.WriteLine($"W4 rltk-remote-task: {w4.ItemsPerSecond:F0} compute calls/s end to end (target >= 1,000,000): {(fastEnough ? "met" : "NOT met")}");
    }

    if (embeddedReady is { } ready)
    {
        var quickEnough = ready < 1.5;
        met &= quickEnough;
        Console.WriteLine($"W4 embedded cluster (new Remote()) ready, first result back: {ready:F2} s, cold (target < 1.5 s): {(quickEnough ? "met" : "NOT met")}");
    }

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

static bool Report(List<Timing> timings, string workload, string ours, string baselineWorkload, string baseline, double? target)
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
    var isMet = target is null || ratio >= target;
    var verdict = target is null ? "(no target)" : $"(target >= {target}x): {(isMet ? "met" : "NOT met")}";
    Console.WriteLine($"{workload} {ours} vs {baselineWorkload} {baseline}: {ratio:F2}x {verdict}");
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
