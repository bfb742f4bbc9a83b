using Akka.Configuration;
using Rltk.Actors.Hosting;

namespace Rltk.Hosts;

/// <summary>
/// A host's <c>--config</c> file: HOCON whose settings override <c>hocon/cluster.conf</c>. It is read whole
/// before anything starts — its syntax checked (<see cref="HoconSyntax"/>), then every setting a node
/// reads from <c>cluster.conf</c> read typed (<see cref="ClusterSettings.Validate"/>) — so that a file the
/// host could not use is one line naming the file and the key, never a node started with half of it.
/// </summary>
public static class ConfigFile
{
    /// <summary>
    /// Reads <paramref name="path"/> (none: no overrides); false, with one line in <paramref name="error"/>
    /// naming the file and what is wrong where, when it cannot be used.
    /// </summary>
    public static bool TryRead(string? path, out Config config, out string error)
    {
        (config, error) = (Config.Empty, "");
        if (string.IsNullOrEmpty(path))
        {
            return true;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = $"config file {path}: cannot read it: {unreadable.Message}";
            return false;
        }

        if (HoconSyntax.FirstMistake(text) is { } mistake)
        {
            error = $"config file {path}, {mistake}";
            return false;
        }

        try
        {
            config = ConfigurationFactory.ParseString(text);
            ClusterSettings.Validate(config);
            return true;
        }
        catch (Exception unusable) when (unusable is ConfigurationException or FormatException or ArgumentException or InvalidOperationException)
        {
            // Akka's parse errors quote the text over several lines: the first says what and where.
            error = $"config file {path}: {unusable.Message.Split('\n')[0].Trim()}";
            config = Config.Empty;
            return false;
        }
    }
}
