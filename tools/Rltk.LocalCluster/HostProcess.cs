using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Rltk.LocalCluster;

/// <summary>
/// A real <c>Rltk.Scheduler.Host</c> or <c>Rltk.Worker.Host</c> process, with its output kept to wait on.
/// Disposing kills it (and its children) if it still runs.
/// </summary>
public sealed partial class HostProcess : IDisposable
{
    /// <summary>How long a wait on a host's output or exit lasts before it fails: generous, for a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

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

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Output => _output.ToArray();

    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    public static HostProcess Scheduler(params string[] arguments) => new("Rltk.Scheduler.Host", arguments);

    /// <summary>A worker, started as an operator would: with no user code; clients ship theirs.</summary>
    public static HostProcess Worker(string scheduler, params string[] arguments) => new("Rltk.Worker.Host", [scheduler, .. arguments]);

    /// <summary>Starts a scheduler on a free port and waits until it says where it listens.</summary>
    public static async Task<(HostProcess Process, string Address)> StartSchedulerAsync(params string[] arguments)
    {
        var scheduler = Scheduler(["--port", "0", .. arguments]);
        try
        {
            var line = await scheduler.WaitForOutputAsync("Scheduler listening at");
            return (scheduler, ListeningAddress(line));
        }
        catch
        {
            scheduler.Dispose();
            throw;
        }
    }

    /// <summary>The host:port of a host's "… listening at host:port" line.</summary>
    public static string ListeningAddress(string line) => ListeningAt().Match(line).Groups[1].Value;

    /// <summary>Waits until <paramref name="times"/> lines of output contain <paramref name="text"/>; returns the last of them.</summary>
    public async Task<string> WaitForOutputAsync(string text, int times = 1, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
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

            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The host never printed '{text}' {times} times:\n{string.Join('\n', Output.Concat(Errors))}");
            }
        }
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
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

    /// <summary>
    /// The host's build output in the repository this program runs from, of the same configuration and
    /// framework as the calling program (<c>…/bin/Debug/net10.0/</c>).
    /// </summary>
    private static string HostDll(string host)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var repository = output;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Rltk.Actors.sln")))
        {
            repository = repository.Parent;
        }

        if (repository is null)
        {
            throw new DirectoryNotFoundException($"{AppContext.BaseDirectory} is not inside the Rltk.Actors repository.");
        }

        var dll = Path.Combine(repository.FullName, host, "bin", configuration, framework, host + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {host} first: {dll} is missing.");
    }

    [GeneratedRegex(@"listening at (\S+:\d+)")]
    private static partial Regex ListeningAt();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
