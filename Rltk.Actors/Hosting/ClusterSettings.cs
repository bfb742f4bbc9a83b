using System.Text.RegularExpressions;
using Akka.Configuration;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Hosting;

/// <summary>
/// The <c>rltk.cluster</c> section of <c>hocon/cluster.conf</c> (with a node's overrides), read once, and the
/// largest payload one message carries: a frame less room for the message around it. Every value is read
/// as what it should be, or is an error naming its key.
/// </summary>
internal sealed partial record ClusterSettings(
    string SystemName, int DefaultPort, TimeSpan ConnectTimeout, TimeSpan DeliveryTimeout, int AllowedFailures, MessageLimits Messages,
    TimeSpan ClosedTaskGrace, TimeSpan DownUnreachableAfter)
{
    // Room left in a frame for the message around a payload's bytes.
    private const long FrameOverhead = 64 * 1024;

    /// <summary>How a duration is written, for the messages that refuse one.</summary>
    internal const string DurationForm = "write it like 30s, 500ms or 2m";

    /// <summary>What a size is, for the messages that refuse one.</summary>
    internal const string Size = "a size (write it like 32 MiB or 128 kB)";

    private const string Duration = $"a positive duration ({DurationForm})";

    /// <summary>The durations of <c>hocon/cluster.conf</c> that Akka reads as a node starts.</summary>
    private static readonly string[] AkkaDurations =
    [
        "akka.remote.watch-failure-detector.heartbeat-interval",
        "akka.remote.watch-failure-detector.acceptable-heartbeat-pause",
        "akka.cluster.failure-detector.heartbeat-interval",
        "akka.cluster.failure-detector.acceptable-heartbeat-pause",
        "akka.coordinated-shutdown.phases.before-cluster-shutdown.timeout",
    ];

    /// <summary>The sizes of <c>hocon/cluster.conf</c> that Akka reads as a node starts (the frame size is read by <see cref="Create"/>).</summary>
    private static readonly string[] AkkaSizes =
    [
        "akka.remote.dot-netty.tcp.send-buffer-size",
        "akka.remote.dot-netty.tcp.receive-buffer-size",
    ];

    private static MessageLimits MessageLimitsOf(long chunkBytes, long frame) =>
        new(Math.Min(chunkBytes, frame - FrameOverhead), frame - FrameOverhead);

    /// <exception cref="ConfigurationException">A setting does not read as what it should be; the message names its key.</exception>
    public static ClusterSettings Create(Config? overrides = null)
    {
        var config = (overrides ?? Config.Empty).WithFallback(RltkConfig.Cluster);
        return new ClusterSettings(
            Read<string>(config, "rltk.cluster.system-name", (c, key) => c.GetString(key) is { } name && ActorSystemName().IsMatch(name) ? name : null,
                "an actor system name (letters, digits, '-' and '_', starting with a letter or digit)"),
            Read<int>(config, "rltk.cluster.default-port", (c, key) => c.GetInt(key) is >= 0 and <= 65535 and var port ? port : null, "a port (0 to 65535)"),
            Read<TimeSpan>(config, "rltk.cluster.connect-timeout", DurationOf, Duration),
            Read<TimeSpan>(config, "rltk.cluster.delivery-timeout", DurationOf, Duration),
            Read<int>(config, "rltk.cluster.allowed-failures", (c, key) => c.GetInt(key) is >= 0 and var failures ? failures : null, "a number of workers (0 or more)"),
            MessageLimitsOf(
                Read<long>(config, "rltk.cluster.chunk-bytes", (c, key) => c.GetByteSize(key) is > 0 and var size ? size : null, Size),
                Read<long>(config, "akka.remote.dot-netty.tcp.maximum-frame-size",
                    (c, key) => c.GetByteSize(key) is > FrameOverhead and var frame ? frame : null, "a size above 64 KiB (write it like 32 MiB)")),
            Read<TimeSpan>(config, "rltk.cluster.closed-task-grace", DurationOf, Duration),
            Read<TimeSpan>(config, "rltk.cluster.down-unreachable-after", DurationOf, Duration));
    }

    /// <summary>
    /// Reads, typed as the nodes read them, the settings of <c>hocon/cluster.conf</c> that
    /// <paramref name="overrides"/> may change — <c>rltk.cluster</c>, and the durations and sizes it sets
    /// under <c>akka.cluster</c>, <c>akka.remote</c> and <c>akka.coordinated-shutdown</c>, then any other
    /// <c>akka</c> value by the kind of its default — so that a value a node could not use is an error
    /// before the node starts; returns the <c>rltk.cluster</c> settings.
    /// </summary>
    /// <exception cref="ConfigurationException">The first setting that does not read, or is not one (a misspelt <c>rltk</c> key); the message names it.</exception>
    public static ClusterSettings Validate(Config overrides)
    {
        EnsureKnownRltkKeys(overrides);
        if (overrides.HasPath("akka.cluster.split-brain-resolver") && !overrides.HasPath("akka.cluster.downing-provider-class"))
        {
            throw new ConfigurationException(
                "akka.cluster.split-brain-resolver is not used: an Rltk cluster downs members by its own rule, the scheduler always " +
                "staying; rltk.cluster.down-unreachable-after says how long a member may stay unreachable first");
        }

        var settings = Create(overrides);
        var config = overrides.WithFallback(RltkConfig.Cluster);
        foreach (var key in AkkaDurations)
        {
            Read<TimeSpan>(config, key, DurationOf, Duration);
        }

        foreach (var key in AkkaSizes)
        {
            Read<long>(config, key, (c, k) => c.GetByteSize(k) is > 0 and var size ? size : null, Size);
        }

        Read<TimeSpan>(config, "akka.cluster.shutdown-after-unsuccessful-join-seed-nodes",
            (c, key) => string.Equals(c.GetString(key), "off", StringComparison.OrdinalIgnoreCase) ? TimeSpan.MaxValue : DurationOf(c, key),
            $"off or {Duration}");
        AkkaValueKinds.Check(overrides);
        return settings;
    }

    /// <summary>
    /// A key under <c>rltk</c> that Rltk.Actors does not read is a misspelling that would otherwise be ignored
    /// without a word: every section must be one of <c>rltk.conf</c>'s, and every key of <c>rltk.cluster</c> and
    /// <c>rltk.local</c> one of theirs (the dispatchers' sections take any Akka dispatcher setting).
    /// </summary>
    private static void EnsureKnownRltkKeys(Config overrides)
    {
        if (!overrides.HasPath("rltk") || overrides.GetValue("rltk") is not { } rltk || !rltk.IsObject())
        {
            return;
        }

        foreach (var (section, value) in rltk.GetObject().Items)
        {
            var path = $"rltk.{section}";
            if (!RltkConfig.Cluster.HasPath(path))
            {
                throw new ConfigurationException($"{path} is not a section Rltk.Actors reads: its sections are {KeysOf("rltk")}");
            }

            if (section is "cluster" or "local" && value.IsObject()
                && value.GetObject().Items.Keys.Select(key => $"{path}.{key}").FirstOrDefault(key => !RltkConfig.Cluster.HasPath(key)) is { } unknown)
            {
                throw new ConfigurationException($"{unknown} is not a setting Rltk.Actors reads: the settings of {path} are {KeysOf(path)}");
            }
        }
    }

    private static string KeysOf(string section) => string.Join(", ", RltkConfig.Cluster.GetValue(section).GetObject().Items.Keys);

    /// <summary>
    /// Reads <paramref name="key"/> with <paramref name="read"/> (null: a value out of range); a value that
    /// does not read is one message naming the key, the value and what it should be.
    /// </summary>
    private static T Read<T>(Config config, string key, Func<Config, string, object?> read, string expected)
    {
        object? value;
        try
        {
            value = read(config, key);
        }
        catch (Exception unreadable) when (unreadable is FormatException or OverflowException or NotSupportedException
                                               or ArgumentException or InvalidCastException or ConfigurationException)
        {
            throw Unreadable(config, key, expected, unreadable);
        }

        return value is T typed ? typed : throw Unreadable(config, key, expected, null);
    }

    private static ConfigurationException Unreadable(Config config, string key, string expected, Exception? cause)
    {
        string? written;
        try
        {
            written = config.GetValue(key) is { } value && value.IsString() ? value.GetString() : null;
        }
        catch (Exception)
        {
            written = null;
        }

        return new ConfigurationException(
            string.IsNullOrWhiteSpace(written) ? $"{key} has no value: give {expected}" : $"{key} = {written} is not {expected}", cause);
    }

    private static object? DurationOf(Config config, string key) =>
        config.GetTimeSpan(key, null, allowInfinite: false) is var duration && duration > TimeSpan.Zero ? duration : null;

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]*$")]
    private static partial Regex ActorSystemName();
}
