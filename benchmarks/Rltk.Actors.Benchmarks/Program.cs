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
    Description = "Which workloads to run: W1 to W9, M1, I1 (default: all).",
    DefaultValueFactory = _ => ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "M1", "I1"],
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
    void Measure(IEnumerable<Workload> workloads, int warmupRounds, int timedRounds)
    {
        foreach (var workload in workloads.Where(w => selected.Contains(w.Id)))
        {
            foreach (var timing in Measurement.Measure(workload, warmupRounds, timedRounds))
            {
                timings.Add(timing);
                Console.WriteLine($"{timing.Workload} {timing.Implementation} {timing.MedianSeconds:F4} {timing.ItemsPerSecond:F0}");
            }
        }
    }

    Measure([Workloads.W1(1_000_000), Workloads.W2(2_000), Workloads.W3(1_000_000)], warmups, rounds);

    var embeddedReady = selected.Contains("W4") ? RemoteWorkloads.EmbeddedReadySeconds() : (double?)null;
    var latencies = new Dictionary<string, double[]>();
    double? f1 = null;
    if (selected.Overlaps(["W4", "W5", "W6", "W7", "W8", "W9"]))
    {
        using var hosts = LocalHosts.StartAsync(workers: 2).GetAwaiter().GetResult();
        Console.WriteLine($"# cluster: scheduler + 2 workers (--nprocs 1) at {hosts.Address}, ready in {hosts.StartSeconds:F2} s");
        using var cluster = new Remote(hosts.Address);
        // W4 also runs on a second, like cluster whose dashboard is open, to show what watching costs.
        using (var watchedHosts = selected.Contains("W4") ? LocalHosts.StartAsync(workers: 2, dashboard: true).GetAwaiter().GetResult() : null)
        using (var watched = watchedHosts is null ? null : new Remote(watchedHosts.Address))
        using (var viewer = watchedHosts is null ? null : DashboardViewer.Open(watchedHosts.DashboardUrl!))
        {
            Measure([RemoteWorkloads.W4(cluster, 1_000_000, watched)], warmups, rounds);
            if (viewer is not null)
            {
                Console.WriteLine($"# W4 dashboard-open: {viewer.Fetched} status pages fetched from {watchedHosts!.DashboardUrl}api/status while it ran");
            }
        }

        Measure([RemoteWorkloads.W5(cluster, 2_000)], warmups, rounds);
        // Units as small as one input, measured warm like the rest: the client's JIT tiers the call path up over the first rounds.
        Measure([FineGrainedWorkloads.W6(cluster, 20_000), FineGrainedWorkloads.W8(cluster, 10_000)], warmups, rounds);
        if (selected.Contains("W7"))
        {
            latencies["processes"] = FineGrainedWorkloads.W7Latencies(cluster, discarded: 50, timed: 250);
            latencies["floor, a bare Akka.Remote round trip to the scheduler"] = FineGrainedWorkloads.RoundTripLatencies(cluster, discarded: 50, timed: 250);
        }

        if (selected.Contains("W9"))
        {
            var linkage = LinkageWorkload.Prepare(cluster);
            Console.WriteLine($"# W9: {linkage.Pairs:N0} candidate pairs of {Rltk.Linkage.Running.LinkageSettings.W9Records:N0} x {Rltk.Linkage.Running.LinkageSettings.W9Records:N0} records");
            Measure([linkage.W9(cluster)], Math.Min(warmups, 3), Math.Min(rounds, 5));
            f1 = linkage.F1(cluster);
        }
    }

    if (selected.Contains("W7"))
    {
        using var embedded = new Remote();
        latencies["embedded"] = FineGrainedWorkloads.W7Latencies(embedded, discarded: 50, timed: 250);
    }

    var idle = selected.Contains("I1") ? IdleWorkload.MeasureAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult() : null;

    Console.WriteLine();
    Console.WriteLine("# ratios (median of the per-round ratios; W3 and W4 against W1's TPL Dataflow rate)");
    var met = true;
    met &= Report(timings, "W1", "rltk-parallel-processor", "W1", "tpl-dataflow", 2.0);
    met &= Report(timings, "W2", "rltk-parallel-processor", "W2", "parallel-for", 0.95);
    met &= Report(timings, "W3", "rltk-map-reduce", "W1", "tpl-dataflow", 2.0);
    met &= Report(timings, "W4", "rltk-remote-task", "W1", "tpl-dataflow", target: null);
    met &= Report(timings, "W4", "rltk-remote-task-dashboard-open", "W4", "rltk-remote-task", target: null);
    met &= Report(timings, "W5", "rltk-remote-task", "W5", "parallel-for", 0.9);
    met &= Report(timings, "W9", "rltk-remote-task", "W9", "parallel-for", 0.9);
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

    met &= AtLeast(timings, "W6", "rltk-remote-task-chunk-1", 50_000, "units/s");
    met &= AtLeast(timings, "W8", "rltk-submit-async", 20_000, "calls/s");
    foreach (var (cluster, sorted) in latencies)
    {
        var (p50, p90, p99) = (FineGrainedWorkloads.Percentile(sorted, 50), FineGrainedWorkloads.Percentile(sorted, 90), FineGrainedWorkloads.Percentile(sorted, 99));
        var fast = p50 <= 0.5 && p99 <= 2;
        met &= cluster != "processes" || fast;
        Console.WriteLine($"W7 one call at a time, {cluster}: p50 {p50:F2} ms, p90 {p90:F2} ms, p99 {p99:F2} ms" +
            (cluster == "processes" ? $" (target p50 <= 0.5, p99 <= 2): {(fast ? "met" : "NOT met")}" : ""));
    }

    if (f1 is { } linkageF1)
    {
        Console.WriteLine($"W9 F1 of the cluster's matches against the generator's truth: {linkageF1:F4}");
    }

    foreach (var (node, percent) in idle ?? [])
    {
        var quiet = percent <= 1;
        met &= quiet;
        Console.WriteLine($"I1 idle {node}: {percent:F2} % of a core over 30 s (target <= 1 %): {(quiet ? "met" : "NOT met")}");
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

static bool AtLeast(List<Timing> timings, string workload, string implementation, double target, string unit)
{
    if (timings.SingleOrDefault(t => t.Workload == workload && t.Implementation == implementation) is not { } timing)
    {
        return true;
    }

    var isMet = timing.ItemsPerSecond >= target;
    Console.WriteLine($"{workload} {implementation}: {timing.ItemsPerSecond:N0} {unit} (target >= {target:N0}): {(isMet ? "met" : "NOT met")}");
    return isMet;
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
