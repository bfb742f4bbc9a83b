using System.Diagnostics;
using Rltk.Actors;

namespace Rltk.Actors.Benchmarks;

/// <summary>
/// M1: a ParallelProcessor whose mapper is slower than the producer. Each size runs in a process of its
/// own, so that the peak working set is this run's alone.
/// </summary>
internal static class MemoryWorkload
{
    public const string ChildFlag = "--m1-child";

    /// <summary>Runs M1 with <paramref name="tasks"/> in a child process and returns its peak working set in bytes.</summary>
    public static long PeakWorkingSetOfChild(long tasks)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet Rltk.Actors.Benchmarks.dll`, not through its own executable.
            start.ArgumentList.Add(typeof(MemoryWorkload).Assembly.Location);
        }

        start.ArgumentList.Add(ChildFlag);
        start.ArgumentList.Add(tasks.ToString());
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the M1 child process.");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The M1 child process failed with exit code {child.ExitCode}: {output}");
        }

        return long.Parse(output.Trim());
    }

    /// <summary>The child's side: run M1, check every task was mapped, print the peak working set.</summary>
    public static int RunChild(long tasks)
    {
        long mapped = 0;
        var pp = new ParallelProcessor<long>(Environment.ProcessorCount, _ =>
        {
            Thread.SpinWait(100);
            Interlocked.Increment(ref mapped);
        });
        pp.Start();
        for (long i = 0; i < tasks; i++)
        {
            pp.AddTask(i);
        }

        pp.TaskDone();
        pp.Join();
        if (mapped != tasks)
        {
            Console.Error.WriteLine($"M1 mapped {mapped} of {tasks} tasks.");
            return 1;
        }

        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64);
        return 0;
    }
}
