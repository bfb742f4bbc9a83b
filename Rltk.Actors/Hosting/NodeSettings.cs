using Akka.Configuration;

namespace Rltk.Actors.Hosting;

/// <summary>
/// What makes one node of an Rltk cluster, or a client of one: where it listens, which roles it runs
/// (none for a client, which talks to the cluster without joining it), how many mappers, its TLS files,
/// and HOCON that overrides <c>hocon/cluster.conf</c>.
/// </summary>
internal sealed record NodeSettings(string Host, int Port, IReadOnlyList<string> Roles)
{
    public int Mappers { get; init; } = 1;

    public TlsFiles? Tls { get; init; }

    public Config Overrides { get; init; } = Config.Empty;

    public bool IsClusterMember => Roles.Count > 0;

    /// <summary>The node's configuration below what the Akka.Hosting builder sets: the overrides, over the roles and mapper threads, over <c>cluster.conf</c>.</summary>
    public Config ToConfig()
    {
        var node = ConfigurationFactory.ParseString($$"""
            akka.cluster.roles = [{{string.Join(", ", Roles.Select(r => $"\"{r}\""))}}]
            {{Dispatchers.Mapper}}.dedicated-thread-pool.thread-count = {{Math.Max(1, Mappers)}}
            """);
        return Overrides.WithFallback(node).WithFallback(RltkConfig.Cluster);
    }
}
