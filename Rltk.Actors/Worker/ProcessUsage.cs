using System.Diagnostics;

namespace Rltk.Actors.Worker;

/// <summary>This process's CPU (percent of one core, since the last sample) and memory (working set).</summary>
internal sealed class ProcessUsage
{
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;
    private long _at = Stopwatch.GetTimestamp();

    public (double CpuPercent, long MemoryBytes) Sample()
    {
        var (cpu, at) = (Environment.CpuUsage.TotalTime, Stopwatch.GetTimestamp());
        var wall = Stopwatch.GetElapsedTime(_at, at);
        var percent = wall > TimeSpan.Zero ? 100 * (cpu - _cpu) / wall : 0;
        (_cpu, _at) = (cpu, at);
        return (Math.Round(percent, 1), Environment.WorkingSet);
    }
}
