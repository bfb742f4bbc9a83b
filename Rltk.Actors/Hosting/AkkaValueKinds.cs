using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Rltk.Actors.Hosting;

/// <summary>
/// Checks each <c>akka</c> value of an override against the kind of Akka's default for the same key: a
/// word where Akka reads a number, a duration or a switch is an error before the node starts. Akka reads
/// many settings only when it first uses them (the failure detector's threshold, when the first node
/// joins) and then fails every time it tries, once a second, instead of once at the start.
/// </summary>
internal static class AkkaValueKinds
{
    private static readonly string[] Switches = ["on", "off", "true", "false", "yes", "no"];

    // Words some numeric or duration settings take instead of a value.
    private static readonly string[] Unbounded = ["infinite", "unlimited", "off", "on"];

    private static readonly Lazy<Config> Defaults = new(() => RltkConfig.Cluster
        .WithFallback(ConfigurationFactory.FromResource<Akka.Cluster.Cluster>("Akka.Cluster.Configuration.Cluster.conf"))
        .WithFallback(ConfigurationFactory.FromResource<Akka.Remote.RemoteSettings>("Akka.Remote.Configuration.Remote.conf"))
        .WithFallback(ConfigurationFactory.Default()));

    private enum Kind
    {
        Other,
        Switch,
        Number,
        Duration,
        Size,
    }

    /// <exception cref="ConfigurationException">The first <c>akka</c> value not of its default's kind, named with its key.</exception>
    public static void Check(Config overrides)
    {
        if (!overrides.HasPath("akka") || overrides.GetValue("akka") is not { } akka || !akka.IsObject())
        {
            return;
        }

        foreach (var (path, value) in Leaves("akka", akka))
        {
            var written = value.GetString();
            var kind = Defaults.Value.HasPath(path) && Defaults.Value.GetValue(path) is { } fallback && fallback.IsString()
                ? KindOf(fallback.GetString())
                : Kind.Other;
            if (kind != Kind.Other && !Fits(written, kind))
            {
                throw new ConfigurationException(
                    $"{path} = {written} is not {Describe(kind)}, as Akka reads it (its default is {Defaults.Value.GetString(path)})");
            }
        }
    }

    /// <summary>The string values under <paramref name="value"/>, with their paths (keys with dots or quotes in them are skipped).</summary>
    private static IEnumerable<(string Path, HoconValue Value)> Leaves(string path, HoconValue value)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items)
            {
                if (!key.Contains('.') && !key.Contains('"'))
                {
                    foreach (var leaf in Leaves($"{path}.{key}", child))
                    {
                        yield return leaf;
                    }
                }
            }
        }
        else if (value.IsString())
        {
            yield return (path, value);
        }
    }

    private static Kind KindOf(string written) =>
        IsSwitch(written) ? Kind.Switch
        : IsNumber(written) ? Kind.Number
        : char.IsAsciiDigit(written.FirstOrDefault()) && IsDuration(written) ? Kind.Duration
        : char.IsAsciiDigit(written.FirstOrDefault()) && IsSize(written) ? Kind.Size
        : Kind.Other;

    // A switch may also take a duration (down-removal-margin = off | 10s); a number may be written as a size or duration.
    private static bool Fits(string written, Kind kind) => kind switch
    {
        Kind.Switch => IsSwitch(written) || IsDuration(written) || IsNumber(written),
        Kind.Number => IsNumber(written) || IsSize(written) || IsDuration(written) || IsUnbounded(written),
        Kind.Duration => IsDuration(written) || IsUnbounded(written),
        Kind.Size => IsSize(written) || IsUnbounded(written),
        _ => true,
    };

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Switch => "on or off",
        Kind.Number => "a number",
        Kind.Duration => $"a duration ({ClusterSettings.DurationForm})",
        _ => ClusterSettings.Size,
    };

    private static bool IsSwitch(string written) => Switches.Contains(written.Trim(), StringComparer.OrdinalIgnoreCase);

    private static bool IsUnbounded(string written) => Unbounded.Contains(written.Trim(), StringComparer.OrdinalIgnoreCase);

    private static bool IsNumber(string written) =>
        double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsDuration(string written) => Reads(written, (config, key) => config.GetTimeSpan(key));

    private static bool IsSize(string written) => Reads(written, (config, key) => config.GetByteSize(key));

    private static bool Reads(string written, Func<Config, string, object?> read)
    {
        try
        {
            return read(ConfigurationFactory.ParseString($"v = \"{written.Replace("\"", "", StringComparison.Ordinal)}\""), "v") is not null;
        }
        catch (Exception unreadable) when (unreadable is FormatException or OverflowException or ArgumentException or ConfigurationException)
        {
            return false;
        }
    }
}
