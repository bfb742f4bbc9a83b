using Rltk.LocalCluster;

namespace Rltk.Actors.Benchmarks;

/// <summary>I1: the CPU an idle cluster's nodes use — a scheduler and two workers, joined, doing nothing for a while.</summary>
internal static class IdleWorkload
{
    /// <summary>Percent of one core each node's processes used over <paramref name="idle"/>: the scheduler, then each worker (nanny and worker process together).</summary>
    public static async Task<IReadOnlyList<(string Node, double PercentOfCore)>> MeasureAsync(TimeSpan idle)
    {
        using var hosts = await LocalHosts.StartAsync(workers: 2);
        // Let start-up work (JIT, joining, the first gossip rounds) settle before measuring.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var nodes = new List<(string, int[])> { ("scheduler", [hosts.Scheduler.Id]) };
        for (var i = 0; i < hosts.Workers.Count; i++)
        {
            nodes.Add(($"worker {i + 1}", [hosts.Workers[i].Id, .. ProcessTree.ChildrenOf(hosts.Workers[i].Id)]));
        }

        var before = nodes.Select(n => n.Item2.Sum(ProcessTree.CpuTicks)).ToArray();
        await Task.Delay(idle);
        var after = nodes.Select(n => n.Item2.Sum(ProcessTree.CpuTicks)).ToArray();
        return nodes.Select((n, i) => (n.Item1, 100.0 * (after[i] - before[i]) / ProcessTree.TicksPerSecond / idle.TotalSeconds)).ToArray();
    }
}

/// <summary>What /proc says of a process: its children, and the CPU time it has used.</summary>
internal static class ProcessTree
{
    // USER_HZ, the unit of /proc/PID/stat's utime and stime: 100 on every Linux this runs on.
    public const double TicksPerSecond = 100;

    public static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);

    /// <summary>utime + stime of the process, in ticks.</summary>
    public static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
