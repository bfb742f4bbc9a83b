using System.Reflection;
using Akka.Configuration;

namespace Rltk.Actors.Configuration;

/// <summary>The <c>rltk.local</c> section of <c>hocon/rltk.conf</c>, read once.</summary>
internal sealed record LocalSettings(TimeSpan AutoBatchTarget, int AutoBatchMax, TimeSpan ShutdownTimeout)
{
    public static LocalSettings Create(Config config)
    {
        var local = config.GetConfig("rltk.local");
        return new LocalSettings(
            local.GetTimeSpan("auto-batch-target"),
            local.GetInt("auto-batch-max"),
            local.GetTimeSpan("shutdown-timeout"));
    }
}

/// <summary>The configuration shipped in <c>hocon/</c>, embedded in this assembly.</summary>
internal static class RltkConfig
{
    /// <summary><c>rltk.conf</c>: what every actor system of the project starts from.</summary>
    public static Config Default { get; } =
        // Merged with Akka's own defaults once, not on every ActorSystem.Create.
        Load("Rltk.Actors.rltk.conf").WithFallback(ConfigurationFactory.Default());

    /// <summary><c>cluster.conf</c> on top of <see cref="Default"/>: the scheduler, the workers and the Remote client.</summary>
    public static Config Cluster { get; } = Load("Rltk.Actors.cluster.conf").WithFallback(Default);

    private static Config Load(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing from Rltk.Actors.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
