using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>
/// A real <c>Rltk.Scheduler.Host</c> or <c>Rltk.Worker.Host</c> process on 127.0.0.1, with its output
/// kept for the test to wait on. Disposing kills it if it still runs.
/// </summary>
internal sealed partial class HostProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private HostProcess(string host, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll(host));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Keep(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(_errors, line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Output => _output.ToArray();

    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    public static HostProcess Scheduler(params string[] arguments) => new("Rltk.Scheduler.Host", arguments);

    /// <summary>A worker, started as an operator would: with no user code; clients ship theirs.</summary>
    public static HostProcess Worker(string scheduler, params string[] arguments) => new("Rltk.Worker.Host", [scheduler, .. arguments]);

    /// <summary>Starts a scheduler on a free port and waits until it says where it listens.</summary>
    public static async Task<(HostProcess Process, string Address)> StartSchedulerAsync(params string[] arguments)
    {
        var scheduler = Scheduler(["--port", "0", .. arguments]);
        var line = await scheduler.WaitForOutputAsync("Scheduler listening at");
        return (scheduler, ListeningAddress(line));
    }

    /// <summary>The host:port of a host's "… listening at host:port" line.</summary>
    public static string ListeningAddress(string line) => ListeningAt().Match(line).Groups[1].Value;

    /// <summary>Waits until <paramref name="times"/> lines of output contain <paramref name="text"/>; returns the last of them.</summary>
    public async Task<string> WaitForOutputAsync(string text, int times = 1)
    {
        using var timeout = new CancellationTokenSource(Waiting.Generous);
        while (true)
        {
            var lines = _output.Where(line => line.Contains(text, StringComparison.Ordinal)).ToArray();
            if (lines.Length >= times)
            {
                return lines[^1];
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The host exited ({_process.ExitCode}) before printing '{text}':\n{string.Join('\n', Output.Concat(Errors))}");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().Within();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process vanishes mid-work, as a crashed machine would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a service manager or Ctrl-C stops it.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    /// <summary>The host's build output beside this test assembly's: same configuration, same framework.</summary>
    private static string HostDll(string host)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, host, "bin", configuration, framework, host + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {host} first: {dll} is missing.");
    }

    [GeneratedRegex(@"listening at (\S+:\d+)")]
    private static partial Regex ListeningAt();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
