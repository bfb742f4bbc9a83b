using Microsoft.Extensions.Logging;

namespace Rltk.Hosts;

/// <summary>
/// What a host serves beside its node while the node runs, such as the scheduler's dashboard: checked
/// before the node starts, started once it is up (reading the node's services: its actor system, its
/// actor registry, its health checks), and stopped before the node stops.
/// </summary>
public interface INodeCompanion
{
    /// <summary>Throws <see cref="InvalidOperationException"/>, with a message naming what and where, when it cannot start on this machine.</summary>
    void EnsureCanStart();

    /// <summary>Starts beside the running node whose services are <paramref name="node"/>; disposing the result stops it.</summary>
    /// <exception cref="InvalidOperationException">It cannot start; the message says why in one line.</exception>
    Task<IAsyncDisposable> StartAsync(IServiceProvider node, ILoggerFactory logging, CancellationToken cancellationToken);
}
