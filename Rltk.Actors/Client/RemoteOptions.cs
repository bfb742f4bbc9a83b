using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Rltk.Actors.Hosting;

namespace Rltk.Actors;

/// <summary>How a <see cref="Remote"/> connects, or how big an embedded cluster it starts.</summary>
public sealed record RemoteOptions
{
    private static readonly Lazy<ILoggerFactory> WarningsToStandardError = new(() => Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)));

    /// <summary>How long to wait for the scheduler (or the embedded cluster) to answer; null: <c>rltk.cluster.connect-timeout</c> (10 s).</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Mapper actors of the embedded cluster that <c>new Remote()</c> starts; null: one per core.</summary>
    public int? EmbeddedWorkers { get; init; }

    /// <summary>TLS files, when the cluster runs TLS (its hosts were started with <c>--tls-ca-file</c>, <c>--tls-cert</c>, <c>--tls-key</c>).</summary>
    public TlsFiles? Tls { get; init; }

    /// <summary>HOCON that overrides <c>hocon/cluster.conf</c> for this client (or embedded cluster).</summary>
    public string? Hocon { get; init; }

    /// <summary>
    /// Where the client (and an embedded cluster) logs. Null, the default: warnings and errors go to
    /// standard error, one line each.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal ILoggerFactory Logging => LoggerFactory ?? WarningsToStandardError.Value;

    internal Config Overrides => Hocon is { } hocon
        ? ConfigurationFactory.ParseString(hocon, included =>
            throw new ConfigurationException($"RemoteOptions.Hocon cannot include \"{included}\": write its settings in the string"))
        : Config.Empty;

    internal void Validate()
    {
        if (ConnectTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), timeout, "ConnectTimeout must be longer than zero.");
        }

        if (EmbeddedWorkers is <= 0 or > Dispatchers.MaxMappers)
        {
            throw new ArgumentOutOfRangeException(nameof(EmbeddedWorkers), EmbeddedWorkers,
                $"EmbeddedWorkers must be 1 to {Dispatchers.MaxMappers}, or null for one mapper per core.");
        }
    }
}
