using System.Reflection;
using Akka.Configuration;

namespace Rltk.Actors.Hosting;

/// <summary>The configuration shipped in <c>hocon/</c>, embedded in this assembly.</summary>
internal static class RltkConfig
{
    private static readonly Config Rltk = Load("Rltk.Actors.rltk.conf");

    /// <summary><c>rltk.conf</c> over Akka's defaults: what the local engines start from.</summary>
    public static Config Default { get; } =
        // Merged with Akka's own defaults once, not on every ActorSystem.Create.
        Rltk.WithFallback(ConfigurationFactory.Default());

    /// <summary>
    /// <c>cluster.conf</c> over <c>rltk.conf</c>, without Akka's defaults (the actor system adds them, and
    /// Akka.Hosting must be free to set its loggers): the scheduler, the workers and the Remote client.
    /// </summary>
    public static Config Cluster { get; } = Load("Rltk.Actors.cluster.conf").WithFallback(Rltk);

    private static Config Load(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing from Rltk.Actors.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
