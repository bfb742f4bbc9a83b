using Akka.Configuration;
using Akka.Configuration.Hocon;
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

        try
        {
            config = Parse(path, depth: 0);
            ClusterSettings.Validate(config);
            return true;
        }
        catch (UnusableFile unusable)
        {
            error = unusable.Message;
        }
        catch (Exception invalid) when (invalid is ConfigurationException or FormatException or ArgumentException or InvalidOperationException)
        {
            error = $"config file {path}: {invalid.Message.Split('\n')[0].Trim()}";
        }

        config = Config.Empty;
        return false;
    }

    /// <summary>Reads, checks and parses one file; its <c>include "other.conf"</c> lines name files beside it.</summary>
    private static Config Parse(string path, int depth)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UnusableFile($"config file {path}: cannot read it: {unreadable.Message}");
        }

        if (HoconSyntax.FirstMistake(text) is { } mistake)
        {
            throw new UnusableFile($"config file {path}, {mistake}");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        try
        {
            return ConfigurationFactory.ParseString(text, included => depth < MaxIncludeDepth
                ? new HoconRoot(Parse(Path.Combine(folder, included), depth + 1).Root)
                : throw new UnusableFile($"config file {path}: includes nest more than {MaxIncludeDepth} deep (does a file include itself?)"));
        }
        catch (Exception unparsable) when (unparsable is ConfigurationException or FormatException or ArgumentException or InvalidOperationException
                                               or NullReferenceException) // what Akka's parser throws on some malformed input
        {
            // Akka's parse errors quote the text over several lines: the first says what and where.
            throw new UnusableFile($"config file {path}: {unparsable.Message.Split('\n')[0].Trim()}");
        }
    }

    private const int MaxIncludeDepth = 8;

    /// <summary>A file that cannot be used, with the one line that says why.</summary>
    private sealed class UnusableFile(string message) : Exception(message);
}
