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

/// <summary>The configuration shipped in <c>hocon/rltk.conf</c>, embedded in this assembly.</summary>
internal static class RltkConfig
{
    private const string ResourceName = "Rltk.Actors.rltk.conf";

    public static Config Default { get; } = Load();

    private static Config Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Rltk.Actors.");
        using var reader = new StreamReader(stream);
        // Merged with Akka's own defaults once, not on every ActorSystem.Create.
        return ConfigurationFactory.ParseString(reader.ReadToEnd()).WithFallback(ConfigurationFactory.Default());
    }
}
