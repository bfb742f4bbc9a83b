using Akka.Configuration;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Hosting;

/// <summary>
/// The <c>rltk.cluster</c> section of <c>hocon/cluster.conf</c> (with a node's overrides), read once, and the
/// largest payload one message carries: a frame less room for the message around it.
/// </summary>
internal sealed record ClusterSettings(
    string SystemName, int DefaultPort, TimeSpan ConnectTimeout, TimeSpan DeliveryTimeout, int AllowedFailures, MessageLimits Messages)
{
    // Room left in a frame for the message around a payload's bytes.
    private const long FrameOverhead = 64 * 1024;

    private static MessageLimits MessageLimitsOf(long chunkBytes, long frame) =>
        new(Math.Min(chunkBytes, frame - FrameOverhead), frame - FrameOverhead);

    public static ClusterSettings Create(Config? overrides = null)
    {
        var config = (overrides ?? Config.Empty).WithFallback(RltkConfig.Cluster);
        var cluster = config.GetConfig("rltk.cluster");
        return new ClusterSettings(
            cluster.GetString("system-name"),
            cluster.GetInt("default-port"),
            cluster.GetTimeSpan("connect-timeout"),
            cluster.GetTimeSpan("delivery-timeout"),
            cluster.GetInt("allowed-failures"),
            MessageLimitsOf(cluster.GetByteSize("chunk-bytes") ?? 4 << 20, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128_000));
    }
}
