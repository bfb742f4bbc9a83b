using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Rltk.Actors.Benchmarks;

/// <summary>
/// W4 and W5's cluster: a real Rltk.Scheduler.Host and two Rltk.Worker.Host processes (--nprocs 1) on
/// 127.0.0.1, the workers loading this assembly for its handlers. Disposing stops all three.
/// </summary>
internal sealed partial class LoopbackHosts : IDisposable
{
    private readonly List<Process> _processes = [];

    private LoopbackHosts()
    {
    }

    public string Address { get; private set; } = "";

    /// <summary>Seconds from starting the scheduler process until both workers have joined.</summary>
    public double StartSeconds { get; private set; }

    public static LoopbackHosts Start(int workers)
    {
        var hosts = new LoopbackHosts();
        var started = Stopwatch.GetTimestamp();
        var scheduler = new ConcurrentQueue<string>();
        hosts.Launch("Rltk.Scheduler.Host", ["--port", "0"], scheduler);
        hosts.Address = ListeningAt().Match(WaitFor(scheduler, "Scheduler listening at", 1)).Groups[1].Value;
        for (var i = 0; i < workers; i++)
        {
            hosts.Launch("Rltk.Worker.Host", [hosts.Address, "--nprocs", "1"], new());
        }

        WaitFor(scheduler, "joined with", workers);
        hosts.StartSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return hosts;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    private void Launch(string host, IEnumerable<string> arguments, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostDll(host));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{host} did not start.");
        _processes.Add(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                output.Enqueue(text);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                Console.Error.WriteLine($"{host}: {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static string WaitFor(ConcurrentQueue<string> output, string text, int times)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var lines = output.Where(line => line.Contains(text, StringComparison.Ordinal)).ToArray();
            if (lines.Length >= times)
            {
                return lines[^1];
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"The hosts never printed '{text}' {times} times:\n{string.Join('\n', output)}");
    }

    /// <summary>The host's build output beside this program's: same configuration, same framework.</summary>
    private static string HostDll(string host)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, host, "bin", output.Parent.Name, output.Name, host + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {host} first: {dll} is missing.");
    }

    [GeneratedRegex(@"listening at (\S+:\d+)")]
    private static partial Regex ListeningAt();
}
