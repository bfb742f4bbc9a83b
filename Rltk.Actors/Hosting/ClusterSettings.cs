using Akka.Configuration;

namespace Rltk.Actors.Hosting;

/// <summary>The <c>rltk.cluster</c> section of <c>hocon/cluster.conf</c> (with a node's overrides), read once.</summary>
internal sealed record ClusterSettings(string SystemName, int DefaultPort, TimeSpan ConnectTimeout, TimeSpan DeliveryTimeout)
{
    public static ClusterSettings Create(Config? overrides = null)
    {
        var cluster = (overrides ?? Config.Empty).WithFallback(RltkConfig.Cluster).GetConfig("rltk.cluster");
        return new ClusterSettings(
            cluster.GetString("system-name"),
            cluster.GetInt("default-port"),
            cluster.GetTimeSpan("connect-timeout"),
            cluster.GetTimeSpan("delivery-timeout"));
    }
}
