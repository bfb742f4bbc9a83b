using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Rltk.LocalCluster;

/// <summary>
/// A real <c>Rltk.Scheduler.Host</c> or <c>Rltk.Worker.Host</c> process, with its output kept to wait on.
/// A worker host is a nanny by default, whose child process is the worker itself (the nanny logs
/// "Started worker process N"). Disposing kills the host and its children if they still run — also a
/// worker whose nanny was killed alone.
/// </summary>
public sealed partial class HostProcess : IDisposable
{
    /// <summary>How long a wait on a host's output or exit lasts before it fails: generous, for a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Linux's signal numbers, for <see cref="Signal"/>.</summary>
    public const int SigKill = 9, SigTerm = 15, SigCont = 18, SigStop = 19;

    /// <summary>What a worker host's nanny logs when it starts a worker process, before its id.</summary>
    private const string StartedWorker = "Started worker process ";

    private const string DashboardPort = "--dashboard-port";

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

    /// <summary>
    /// A scheduler with its dashboard off unless <paramref name="arguments"/> give <c>--dashboard-port</c>:
    /// schedulers started side by side (parallel tests) must not fight over the dashboard's default port.
    /// </summary>
    public static HostProcess Scheduler(params string[] arguments) =>
        SchedulerWithDefaultDashboard(arguments.Contains(DashboardPort) ? arguments : [.. arguments, DashboardPort, "0"]);

    /// <summary>A scheduler with exactly <paramref name="arguments"/>: without <c>--dashboard-port</c>, its dashboard on the default port (8787) or, when taken, a free one.</summary>
    public static HostProcess SchedulerWithDefaultDashboard(params string[] arguments) => new("Rltk.Scheduler.Host", arguments);

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

    /// <summary>Starts a scheduler on a free port, its dashboard on another, and waits until it serves both; returns the scheduler's address and the dashboard's URL.</summary>
    public static async Task<(HostProcess Process, string Address, string DashboardUrl)> StartSchedulerWithDashboardAsync(params string[] arguments)
    {
        var (scheduler, address) = await StartSchedulerAsync([DashboardPort, FreePort().ToString(), .. arguments]);
        try
        {
            return (scheduler, address, await scheduler.DashboardUrlAsync());
        }
        catch
        {
            scheduler.Dispose();
            throw;
        }
    }

    /// <summary>Waits until a scheduler says where its dashboard is; returns the URL (<c>http://host:port/</c>).</summary>
    public async Task<string> DashboardUrlAsync() => DashboardAt().Match(await WaitForOutputAsync("Dashboard at ")).Groups[1].Value;

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

    /// <summary>Waits until a worker host's nanny has started its <paramref name="nth"/> worker process; returns that process's id.</summary>
    public async Task<int> WorkerProcessAsync(int nth = 1)
    {
        await WaitForOutputAsync(StartedWorker, nth);
        return WorkerProcesses()[nth - 1];
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the host and its children: the processes vanish mid-work, as a crashed machine would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGKILL to the host alone: a nanny killed without its worker.</summary>
    public void KillAlone() => Signal(_process.Id, SigKill);

    /// <summary>SIGTERM, as a service manager or Ctrl-C stops it.</summary>
    public void Terminate() => Signal(_process.Id, SigTerm);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>Whether process <paramref name="pid"/> runs (a zombie does not).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state …"
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z' or 'X', ..];
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        // A worker whose nanny died first is no longer in the nanny's process tree.
        foreach (var worker in WorkerProcesses().Where(IsWorkerHost))
        {
            _ = Kill(worker, SigKill);
        }

        _process.Dispose();
    }

    /// <summary>The worker processes this host's nanny said it started, in order.</summary>
    private int[] WorkerProcesses() =>
        _output.Select(line => StartedWorkerPid().Match(line)).Where(match => match.Success).Select(match => int.Parse(match.Groups[1].Value)).ToArray();

    private static bool IsWorkerHost(int pid)
    {
        try
        {
            return IsRunning(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Contains("Rltk.Worker.Host", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
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

    /// <summary>A port no process listens on now, on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Dashboard at (\S+)")]
    private static partial Regex DashboardAt();

    [GeneratedRegex(@"listening at (\S+:\d+)")]
    private static partial Regex ListeningAt();

    [GeneratedRegex(@"Started worker process (\d+)")]
    private static partial Regex StartedWorkerPid();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
