using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rltk.Actors.Hosting;
using Rltk.Hosts;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>
/// The scheduler's live dashboard (dask's, on 8787), served by Kestrel beside the scheduler's node: the
/// page, the status it polls and the node's health checks (<see cref="DashboardEndpoints"/>). The default
/// port gives way to a free one when taken, with a warning; a port the user chose that is taken is an
/// error. It prints where it serves: <c>Dashboard at http://host:port/</c>.
/// </summary>
internal sealed class DashboardServer(DashboardSettings settings) : INodeCompanion
{
    public void EnsureCanStart()
    {
        if (settings.IsDefaultPort)
        {
            return;
        }

        try
        {
            Addresses.EnsureCanListen(settings.Host, settings.Port);
        }
        catch (InvalidOperationException unusable) when (unusable.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            throw new InvalidOperationException(Taken(settings.Port), unusable);
        }
        catch (InvalidOperationException unusable)
        {
            throw new InvalidOperationException($"cannot serve the dashboard: {unusable.Message}", unusable);
        }
    }

    public async Task<IAsyncDisposable> StartAsync(IServiceProvider node, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var log = logging.CreateLogger("Rltk.Dashboard");
        var app = await TryStartAsync(settings.Port, node, logging, cancellationToken).ConfigureAwait(false);
        if (app is null && settings.IsDefaultPort)
        {
            log.LogWarning("Port {Port} is already in use (another scheduler's dashboard?); serving the dashboard on a free port instead", settings.Port);
            app = await TryStartAsync(0, node, logging, cancellationToken).ConfigureAwait(false);
        }

        if (app is null)
        {
            throw new InvalidOperationException(Taken(settings.Port));
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        log.LogInformation("Dashboard at {Url}", settings.UrlAt(new Uri(bound).Port));
        return new Served(app);
    }

    /// <summary>The dashboard served on <paramref name="port"/> (0: any free port); null when the port is taken.</summary>
    private async Task<WebApplication?> TryStartAsync(int port, IServiceProvider node, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var app = Build(port, node, logging);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch (IOException taken) when (taken.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch (IOException unusable)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot serve the dashboard on {settings.Host}:{port}: {unusable.Message}", unusable);
        }
    }

    private WebApplication Build(int port, IServiceProvider node, ILoggerFactory logging)
    {
        // Empty: no configuration files or environment variables that could move or widen what it listens on.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Rltk.Dashboard" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.Host), port, listen =>
        {
            if (settings.Tls is { } tls)
            {
                listen.UseHttps(tls.Load().X509Certificate!);
            }
        }));
        // The host's log; the web host's own report of a failed start (a stack) is said by the host in one line instead.
        builder.Logging.ClearProviders().AddProvider(new HostLog(logging)).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        var services = builder.Services;
        services.AddSingleton<IHostLifetime, StoppedByTheNodeHost>();
        services.AddRoutingCore();
        // The node's Akka.Hosting health checks, run here against the node's actor system.
        services.AddSingleton(node.GetRequiredService<ActorSystem>());
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in node.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations)
            {
                options.Registrations.Add(check);
            }
        });

        var app = builder.Build();
        DashboardEndpoints.Map(app, node.GetRequiredService<IReadOnlyActorRegistry>());
        return app;
    }

    private string Taken(int port) =>
        $"cannot serve the dashboard on {settings.Host}:{port}: the port is already in use (choose another --dashboard-port, or 0 for no dashboard)";

    /// <summary>Ctrl-C and SIGTERM belong to the host, which stops the dashboard before its node; the web host must not react to them on its own.</summary>
    private sealed class StoppedByTheNodeHost : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class HostLog(ILoggerFactory logging) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logging.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Served(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
