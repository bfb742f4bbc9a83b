using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Rltk.Hosts;

/// <summary>
/// A worker's nanny, as dask's: runs the worker as a child process — this program again, with
/// <c>--no-nanny</c> — and starts a new one when it dies, after a backoff, giving up only on a worker
/// that keeps dying before it joins its cluster (<see cref="RestartPolicy"/>), logging one line per death
/// with its cause. With a memory limit it samples the child's resident memory every second and kills a
/// child over it. A stop request (Ctrl-C,
/// SIGTERM) goes on to the child as SIGTERM: the worker finishes its chunks and leaves, and the nanny
/// exits 0 once it has; a second request kills the child, and the nanny exits <see cref="NodeHost.ForcedStop"/>.
/// The child's output is the nanny's own (it inherits both streams); its standard input is a pipe only
/// the nanny holds, whose end tells the child its nanny is gone.
/// </summary>
public sealed class Nanny
{
    /// <summary>The option a nanny adds to its child's command line, besides <c>--no-nanny</c>.</summary>
    public const string ChildOption = "--nanny-child";

    // Names the file a nanny's child creates once it has joined its cluster: deaths before that count toward giving up.
    private const string JoinedFileVariable = "RLTK_NANNY_JOINED_FILE";

    private const int SigTerm = 15;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<string> _arguments;
    private readonly Func<int> _checkCommandLine;
    private readonly long? _memoryLimit;
    private readonly RestartPolicy _policy;
    private readonly ILogger _log;
    private readonly StopSignal _stop;
    private readonly string _joinedFile = JoinedFileOf(Environment.ProcessId);
    private bool _killedOnRequest;

    private Nanny(IReadOnlyList<string> arguments, Func<int> checkCommandLine, long? memoryLimit, RestartPolicy policy, ILogger log, StopSignal stop) =>
        (_arguments, _checkCommandLine, _memoryLimit, _policy, _log, _stop) = (arguments, checkCommandLine, memoryLimit, policy, log, stop);

    /// <summary>
    /// Runs the worker of <paramref name="arguments"/> (this program's own command line) as a child until
    /// asked to stop (exit 0), until the child exits 2 and <paramref name="checkCommandLine"/> (0 when the
    /// command line and its config file are usable, else the exit code after one line on stderr) confirms
    /// that its command line or config is wrong — a restart would not mend it — or until the policy gives up
    /// (exit 1). A child's exit code 2 alone proves nothing: the code it runs can exit with any code.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, Func<int> checkCommandLine, long? memoryLimit, RestartPolicy? policy = null)
    {
        using var logging = HostLogging.Create();
        using var stop = new StopSignal();
        var nanny = new Nanny(arguments, checkCommandLine, memoryLimit, policy ?? new RestartPolicy(), logging.CreateLogger("Rltk.Nanny"), stop);
        try
        {
            return await nanny.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            File.Delete(nanny._joinedFile);
        }
    }

    /// <summary>The file the current child of the nanny with process id <paramref name="nannyPid"/> creates once it has joined its cluster.</summary>
    public static string JoinedFileOf(int nannyPid) => Path.Combine(Path.GetTempPath(), $"rltk-nanny-{nannyPid}.joined");

    /// <summary>Tells this process's nanny, if it has one, that the worker has joined its cluster.</summary>
    public static void TellJoined()
    {
        if (Environment.GetEnvironmentVariable(JoinedFileVariable) is { Length: > 0 } file)
        {
            try
            {
                File.WriteAllBytes(file, []);
            }
            catch (Exception unwritable) when (unwritable is IOException or UnauthorizedAccessException)
            {
                // The nanny then counts this worker's death as one before joining: it only gives up sooner.
            }
        }
    }

    private async Task<int> RunAsync()
    {
        while (!_stop.IsRequested)
        {
            File.Delete(_joinedFile);
            Process child;
            try
            {
                child = Process.Start(ChildStart()) ?? throw new InvalidOperationException("it did not start");
            }
            catch (Exception failed) when (failed is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return NodeHost.Fail($"cannot start the worker process: {failed.Message}", NodeHost.Failed);
            }

            using var _ = child;
            _log.LogInformation("Started worker process {Pid}{Limit}", child.Id,
                _memoryLimit is { } limit ? $", memory limit {MemoryLimit.Describe(limit)}" : "");
            var death = await WatchAsync(child).ConfigureAwait(false);
            if (_stop.IsRequested)
            {
                return _killedOnRequest ? NodeHost.ForcedStop : 0;
            }

            if (child.ExitCode == NodeHost.Usage && _checkCommandLine() == NodeHost.Usage)
            {
                _log.LogError("Worker process {Pid} {Death}: its command line or config is wrong; not starting it again", child.Id, death);
                return NodeHost.Usage;
            }

            if (_policy.AfterDeath(DateTime.UtcNow, joined: File.Exists(_joinedFile)) is not { } backoff)
            {
                return NodeHost.Fail(
                    $"the worker process died {_policy.RecentDeaths} times before joining its cluster within {_policy.Window.TotalMinutes:0} minutes " +
                    $"(the last one {death}); giving up", NodeHost.Failed);
            }

            _log.LogWarning("Worker process {Pid} {Death}; starting a new one in {Backoff} s", child.Id, death, backoff.TotalSeconds);
            try
            {
                await Task.Delay(backoff, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>Waits for the child to exit, killing it if it goes over the memory limit and passing a stop request on; returns how it died.</summary>
    private async Task<string> WatchAsync(Process child)
    {
        var exited = child.WaitForExitAsync();
        string? overLimit = null;
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, _stop.WhenRequested, Task.Delay(_memoryLimit is null ? Timeout.InfiniteTimeSpan : SampleInterval)).ConfigureAwait(false);
            if (_stop.IsRequested)
            {
                AskToStop(child);
                if (await Task.WhenAny(exited, _stop.WhenRepeated).ConfigureAwait(false) != exited)
                {
                    _log.LogWarning("Asked again to stop: killing worker process {Pid} without waiting for its graceful stop", child.Id);
                    Kill(child);
                    _killedOnRequest = true;
                }

                await exited.ConfigureAwait(false);
                break;
            }

            if (overLimit is null && _memoryLimit is { } limit && !exited.IsCompleted && ResidentBytes(child) is { } used && used > limit)
            {
                overLimit = $"used {MemoryLimit.Describe(used)}, over its memory limit of {MemoryLimit.Describe(limit)}: killed it";
                Kill(child);
            }
        }

        return overLimit ?? Describe(child.ExitCode);
    }

    /// <summary>This program again, as a child: the same command line, with <c>--no-nanny</c>, and standard input a pipe to this process.</summary>
    private ProcessStartInfo ChildStart()
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no path to start again.");
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardInput = true };
        // Run as "dotnet Rltk.Worker.Host.dll": the child is "dotnet" with the same assembly.
        if (Path.GetFileNameWithoutExtension(program).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--no-nanny");
        start.ArgumentList.Add(ChildOption);
        start.Environment[JoinedFileVariable] = _joinedFile;
        return start;
    }

    /// <summary>SIGTERM on Unix; elsewhere, closing the child's standard input, which it takes as a stop request too.</summary>
    private static void AskToStop(Process child)
    {
        if (child.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            child.StandardInput.Close();
        }
        else
        {
            _ = SendSignal(child.Id, SigTerm);
        }
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(); // SIGKILL
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>The child's resident memory: VmRSS in /proc on Linux, the working set elsewhere; null once it is gone.</summary>
    private static long? ResidentBytes(Process child)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines($"/proc/{child.Id}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
                    }
                }

                return null;
            }

            child.Refresh();
            return child.WorkingSet64;
        }
        catch (Exception gone) when (gone is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>How a child died, from its exit code: on Unix a process killed by a signal exits with 128 + the signal's number.</summary>
    internal static string Describe(int exitCode) => exitCode switch
    {
        0 => "exited with code 0 (it was asked to stop)",
        NodeHost.StuckMapper => $"exited with code {exitCode} (a mapper was stuck in the code of a task that had closed)",
        > 128 and < 128 + 32 when !OperatingSystem.IsWindows() => $"was killed by {SignalName(exitCode - 128)} (exit code {exitCode})",
        _ => $"exited with code {exitCode}",
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
