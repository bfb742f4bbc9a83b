using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using Rltk.Actors;
using Rltk.Actors.Failures;
using Rltk.Actors.Hosting;
using Rltk.Actors.Worker;

namespace Rltk.Hosts;

/// <summary>
/// Runs a cluster node as a console program until Ctrl-C or SIGTERM, which stop it gracefully (Akka's
/// coordinated shutdown: a worker finishes its chunks and leaves). Everything that can be checked
/// before Akka starts is — the config file, the addresses, the port — so that a host that cannot start
/// says why in one line on stderr. A worker whose node ends because its cluster went away (its
/// scheduler left or was restarted, it was cut off and removed) starts a fresh node that joins again:
/// an actor system joins one cluster only.
/// </summary>
public static class NodeHost
{
    /// <summary>Exit code of a node that could not start, or of a host that gave up.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a command line or config file that does not make sense.</summary>
    public const int Usage = 2;

    /// <summary>Exit code of a worker that ended its process because a mapper was stuck in a closed task's code.</summary>
    public const int StuckMapper = 3;

    /// <summary>Exit code of a host stopped at once by a second stop signal (as a shell reports Ctrl-C: 128 + SIGINT).</summary>
    public const int ForcedStop = 130;

    /// <summary>How often a worker that has not reached its scheduler says it is still trying.</summary>
    private static readonly TimeSpan WaitingLineInterval = TimeSpan.FromSeconds(30);

    /// <summary>A fixed port may still be held by the node before for a moment; how long a fresh node waits for it.</summary>
    private static readonly TimeSpan PortWait = TimeSpan.FromMinutes(2);

    /// <summary>What a host runs: the address it listens on (an IP address), its TLS files if any, and how it configures its actor system.</summary>
    public sealed record Node(string Host, int Port, TlsFiles? Tls, Action<AkkaConfigurationBuilder> Configure)
    {
        /// <summary>What the host serves beside the node, if anything (the scheduler's dashboard).</summary>
        public INodeCompanion? Companion { get; init; }
    }

    /// <summary>How a worker runs: the scheduler it joins (for its log), and whether it is a nanny's child.</summary>
    public sealed record Worker(string SchedulerAddress, bool StopWhenStandardInputCloses);

    /// <summary>
    /// Reads <paramref name="configFile"/> and makes the node <paramref name="role"/> describes, checking
    /// that it can listen where it says: 0 when all is well, else the exit code after one line on stderr.
    /// </summary>
    public static int Check(string? configFile, Func<Config, Node> role, out Config overrides, out Node? node)
    {
        node = null;
        if (!ConfigFile.TryRead(configFile, out overrides, out var unusable))
        {
            return Fail(unusable, Usage);
        }

        try
        {
            node = role(overrides);
            Addresses.EnsureCanListen(node.Host, node.Port);
            node.Companion?.EnsureCanStart();
            return 0;
        }
        catch (ArgumentException invalid)
        {
            return Fail(invalid.Message, Usage);
        }
        catch (Exception unusableHere) when (unusableHere is InvalidOperationException or SchedulerUnavailableException)
        {
            return Fail(unusableHere.Message, Failed);
        }
    }

    /// <summary>
    /// Runs the node <paramref name="role"/> describes until the process is asked to stop (exit 0) or the
    /// node ends on its own (exit 1, with the reason). With <paramref name="worker"/>, a node that ends
    /// because its cluster went away is replaced by a fresh one, made by <paramref name="role"/> again.
    /// </summary>
    public static async Task<int> RunAsync(string? configFile, Func<Config, Node> role, Worker? worker = null)
    {
        var checkedOut = Check(configFile, role, out var overrides, out var node);
        if (checkedOut != 0)
        {
            return checkedOut;
        }

        using var logging = HostLogging.Create();
        // A worker may end its process (EndStuckWorker): its last lines are still written.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => logging.Dispose();
        using var stop = new StopSignal();
        var log = logging.CreateLogger(worker is null ? "Rltk.Scheduler" : "Rltk.Worker");
        if (worker is { StopWhenStandardInputCloses: true })
        {
            stop.StopWhenStandardInputCloses(() => log.LogWarning("The nanny is gone: stopping"));
        }
        else
        {
            // A nanny's child is not: Ctrl-C in a terminal reaches it twice at once (from the terminal and from its nanny), and its nanny kills it on a second.
            _ = stop.WhenRepeated.ContinueWith(_ => StopAtOnce(log, worker is null ? "scheduler" : "worker"), TaskScheduler.Default);
        }

        return await new Run(overrides, role, worker, logging, log, stop).RunAsync(node!).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a worker's process whose mapper is stuck in the code of a closed task: its thread cannot be
    /// stopped, nor can its actor system while it runs. The nanny starts a fresh worker; the scheduler runs
    /// the chunks this one held elsewhere.
    /// </summary>
    public static void EndStuckWorker() => Environment.Exit(StuckMapper);

    private static void StopAtOnce(ILogger log, string node)
    {
        log.LogWarning("Asked again to stop: ending the {Node} process now, without waiting for its graceful stop", node);
        Environment.Exit(ForcedStop);
    }

    /// <summary>Writes one line on stderr, no stack: for an error the user can fix.</summary>
    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }

    /// <summary>One run of a host: its node, and for a worker the fresh nodes that replace it.</summary>
    private sealed class Run(Config overrides, Func<Config, Node> role, Worker? worker, ILoggerFactory logging, ILogger log, StopSignal stop)
    {
        public async Task<int> RunAsync(Node node)
        {
            var systemName = RltkHostingExtensions.SystemName(overrides);
            for (var first = true; ; first = false)
            {
                RltkNode running;
                try
                {
                    running = await RltkNode.StartAsync(systemName, logging, node.Configure).ConfigureAwait(false);
                }
                catch (Exception failed)
                {
                    return Fail($"cannot start the {(worker is null ? "scheduler" : "worker")} at {node.Host}:{node.Port}: {failed.Innermost().Message}", Failed);
                }

                if (first)
                {
                    WarnIfOpen(node);
                }

                CoordinatedShutdown.Reason? reason;
                await using (running.ConfigureAwait(false))
                {
                    IAsyncDisposable? companion;
                    try
                    {
                        companion = node.Companion is null ? null : await node.Companion.StartAsync(running.Services, logging, stop.Token).ConfigureAwait(false);
                    }
                    catch (InvalidOperationException failed)
                    {
                        return Fail(failed.Message, Failed);
                    }
                    catch (OperationCanceledException) when (stop.IsRequested)
                    {
                        return 0;
                    }

                    try
                    {
                        if (!await ServeAsync(running.System).ConfigureAwait(false))
                        {
                            return 0; // asked to stop: disposing the node stops it gracefully, after its companion
                        }

                        reason = CoordinatedShutdown.Get(running.System).ShutdownReason;
                    }
                    finally
                    {
                        if (companion is not null)
                        {
                            await companion.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }

                if (worker is null || !IsClusterGone(reason))
                {
                    return Fail(WhyItEnded(reason), Failed);
                }

                log.LogWarning("{Why}; joining again with a fresh node", Capitalized(WhyItEnded(reason)));
                if (await NextNodeAsync().ConfigureAwait(false) is not { } next)
                {
                    return stop.IsRequested ? 0 : Failed;
                }

                node = next;
            }
        }

        /// <summary>Waits until the node ends (true) or the process is asked to stop (false); a worker says now and then that it is still waiting for its scheduler.</summary>
        private async Task<bool> ServeAsync(ActorSystem system)
        {
            var ended = system.WhenTerminated;
            if (worker is not null)
            {
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
                while (await Task.WhenAny(up.Task, ended, stop.WhenRequested, Task.Delay(WaitingLineInterval, stop.Token)).ConfigureAwait(false) is var done
                       && done != up.Task && done != ended && !stop.IsRequested)
                {
                    log.LogInformation("No scheduler answers at {Scheduler} yet; still trying", worker.SchedulerAddress);
                }

                if (up.Task.IsCompleted)
                {
                    Nanny.TellJoined();
                }
            }

            await Task.WhenAny(ended, stop.WhenRequested).ConfigureAwait(false);
            return !stop.IsRequested;
        }

        /// <summary>The node that replaces one whose cluster went away, once its address can be listened on again; null when asked to stop or when that never happens.</summary>
        private async Task<Node?> NextNodeAsync()
        {
            var deadline = DateTime.UtcNow + PortWait;
            while (true)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(false);
                    var node = role(overrides);
                    Addresses.EnsureCanListen(node.Host, node.Port);
                    return node;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                catch (Exception notYet) when (notYet is ArgumentException or InvalidOperationException or SchedulerUnavailableException
                                               && DateTime.UtcNow < deadline)
                {
                    log.LogDebug("A fresh node cannot start yet: {Reason}", notYet.Message);
                }
                catch (Exception never) when (never is ArgumentException or InvalidOperationException or SchedulerUnavailableException)
                {
                    Fail($"a fresh node could not start within {PortWait.TotalMinutes:0} minutes: {never.Message}", Failed);
                    return null;
                }
            }
        }

        /// <summary>A node that other machines can reach runs their code: say so when nothing checks who they are.</summary>
        private void WarnIfOpen(Node node)
        {
            if (node.Tls is null && !Addresses.IsThisMachineOnly(node.Host))
            {
                logging.CreateLogger("Rltk.Hosting").LogWarning(
                    "Listening at {Host} without TLS: anyone who can reach this port can run code on the workers. " +
                    "Start every node with --tls-ca-file, --tls-cert and --tls-key (README, Security)", node.Host);
            }
        }

        /// <summary>Reasons a worker node ends that a fresh node mends: its cluster went away, or it never found one.</summary>
        private static bool IsClusterGone(CoordinatedShutdown.Reason? reason) => reason is CoordinatedShutdown.ClusterDowningReason
            or CoordinatedShutdown.ClusterLeavingReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason or WorkerNode.SchedulerLostReason;

        private static string WhyItEnded(CoordinatedShutdown.Reason? reason) => reason switch
        {
            WorkerNode.SchedulerLostReason lost => lost.Why,
            CoordinatedShutdown.ClusterJoinUnsuccessfulReason =>
                "no scheduler answered within akka.cluster.shutdown-after-unsuccessful-join-seed-nodes",
            CoordinatedShutdown.ClusterDowningReason =>
                "this node was removed from the cluster (it was cut off from the scheduler, or the scheduler went away)",
            CoordinatedShutdown.ClusterLeavingReason => "this node left the cluster",
            WorkerNode.AgentFailedReason => "the worker's agent kept failing",
            var other => $"the node stopped: {other?.GetType().Name ?? "its actor system terminated"}",
        };

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
