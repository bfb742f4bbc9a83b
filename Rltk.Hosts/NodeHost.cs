using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rltk.Actors;
using Rltk.Actors.Failures;
using Rltk.Actors.Hosting;

namespace Rltk.Hosts;

/// <summary>
/// Runs one cluster node as a console service until Ctrl-C or SIGTERM: Microsoft.Extensions.Hosting
/// for the process's life, Akka.Hosting for the actor system's (a stop runs Akka's coordinated
/// shutdown, so a worker finishes its chunks and leaves). Expected failures — a busy port, an
/// unreachable scheduler — end as one readable line on stderr and a non-zero exit code.
/// </summary>
public static class NodeHost
{
    /// <summary>Exit code of a node that could not start or lost its cluster.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a command line that does not make sense.</summary>
    public const int Usage = 2;

    /// <summary>What a host runs: the address it listens on, its TLS files if any, and how it configures its actor system.</summary>
    public sealed record Node(string Host, int Port, TlsFiles? Tls, Action<AkkaConfigurationBuilder> Configure);

    /// <summary>
    /// Starts the node <paramref name="role"/> describes, given the settings of <paramref name="hoconFile"/>
    /// if any, and runs it until the process is asked to stop or the node leaves its cluster.
    /// </summary>
    public static async Task<int> RunAsync(string? hoconFile, Func<Config, Node> role)
    {
        Config overrides;
        try
        {
            overrides = string.IsNullOrEmpty(hoconFile) ? Config.Empty : ConfigurationFactory.ParseString(await File.ReadAllTextAsync(hoconFile));
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or ConfigurationException)
        {
            return Fail($"cannot read the HOCON file {hoconFile}: {unreadable.Message}", Usage);
        }

        Node node;
        try
        {
            node = role(overrides);
            Addresses.EnsureCanListen(node.Host, node.Port);
        }
        catch (ArgumentException invalid)
        {
            return Fail(invalid.Message, Usage);
        }
        catch (Exception unusable) when (unusable is InvalidOperationException or SchedulerUnavailableException)
        {
            return Fail(unusable.Message, Failed);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // The project's lines (workers joining, leaving) are information; the rest only when something is wrong.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Rltk", LogLevel.Information);
        // A failed start is reported once, as one line, by this class.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddFilter("Akka.Hosting", LogLevel.None);
        // Long enough for a leaving worker to finish its chunks (akka.coordinated-shutdown's own timeouts bound it).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddAkka(RltkHostingExtensions.SystemName(overrides), akka => node.Configure(akka));

        using var host = builder.Build();
        ActorSystem system;
        try
        {
            // Made before the host starts, so that a failure to start is this line's exception rather than Akka.Hosting's report.
            system = host.Services.GetRequiredService<ActorSystem>();
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (Exception failed)
        {
            return Fail(failed.Innermost().Message, Failed);
        }

        WarnIfOpen(node, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rltk.Hosting"));
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var leftOnItsOwn = false;
        lifetime.ApplicationStopping.Register(() => leftOnItsOwn = system.WhenTerminated.IsCompleted);
        await host.WaitForShutdownAsync().ConfigureAwait(false);

        return leftOnItsOwn ? Fail(WhyItLeft(system), Failed) : 0;
    }

    /// <summary>Writes one line on stderr, no stack: for an error the user can fix.</summary>
    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }

    /// <summary>A node that other machines can reach runs their code: say so when nothing checks who they are.</summary>
    private static void WarnIfOpen(Node node, ILogger log)
    {
        if (node.Tls is null && !Addresses.IsThisMachineOnly(node.Host))
        {
            log.LogWarning(
                "Listening at {Host} without TLS: anyone who can reach this port can run code on the workers. " +
                "Start every node with --tls-ca-file, --tls-cert and --tls-key (README, Security)", node.Host);
        }
    }

    private static string WhyItLeft(ActorSystem system) => CoordinatedShutdown.Get(system).ShutdownReason switch
    {
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason =>
            "could not join the scheduler within akka.cluster.shutdown-after-unsuccessful-join-seed-nodes: " +
            "is Rltk.Scheduler.Host running at that address, and is its port reachable from here?",
        CoordinatedShutdown.ClusterDowningReason =>
            "this node was removed from the cluster (it was unreachable, or its scheduler went away)",
        var reason => $"the node stopped: {reason?.GetType().Name ?? "its actor system terminated"}",
    };
}
