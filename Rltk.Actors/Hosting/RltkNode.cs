using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rltk.Actors.Hosting;

/// <summary>
/// A node started the Akka.Hosting way outside a generic host — the same builder path as the hosts, in
/// a service provider of its own: the embedded cluster of <c>new Remote()</c>, a client, the test
/// clusters. Disposing runs Akka's coordinated shutdown (a worker finishes its chunks and leaves).
/// </summary>
internal sealed class RltkNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IHostedService> _hosted;

    private RltkNode(ServiceProvider services, IReadOnlyList<IHostedService> hosted) =>
        (_services, _hosted, System) = (services, hosted, services.GetRequiredService<ActorSystem>());

    public ActorSystem System { get; }

    public IReadOnlyActorRegistry Registry => _services.GetRequiredService<ActorRegistry>();

    /// <summary>The node's services: what runs beside it (the scheduler's dashboard) reads its actor system, registry and health checks there.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Builds and starts the node; a failure to start (an address it cannot listen on, say) is thrown, and nothing is left running.</summary>
    public static async Task<RltkNode> StartAsync(
        string systemName, ILoggerFactory logging, Action<AkkaConfigurationBuilder> configure, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddSingleton(logging);
        services.AddAkka<NodeService>(systemName, (builder, _) => configure(builder));
        var provider = services.BuildServiceProvider();
        try
        {
            // Made here, so that a failure to start is this call's exception rather than a line on the console.
            _ = provider.GetRequiredService<ActorSystem>();
            var hosted = provider.GetServices<IHostedService>().ToArray();
            foreach (var service in hosted)
            {
                await service.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return new RltkNode(provider, hosted);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Akka.Hosting's service, without a host's lifetime to stop or a console to report to: failures are thrown to the caller.</summary>
    private sealed class NodeService(AkkaConfigurationBuilder builder, IServiceProvider services)
        : AkkaHostedService(builder, services, NullLogger<AkkaHostedService>.Instance, null);
}
