using Rltk.Actors;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>
/// Where the dashboard is served: at the scheduler's own address (never beyond it), on its port, over
/// HTTPS with the node's certificate when the cluster runs TLS. Only the default port gives way to a
/// free one when taken; a port the user chose is theirs or an error.
/// </summary>
internal sealed record DashboardSettings(string Host, int Port, bool IsDefaultPort, TlsFiles? Tls)
{
    /// <summary>dask's dashboard port: where its users look first.</summary>
    public const int DefaultPort = 8787;

    /// <summary>The dashboard <c>--dashboard-port</c> asks for: not given, the default port; 0, none (null).</summary>
    public static DashboardSettings? From(int? port, string host, TlsFiles? tls) => port switch
    {
        0 => null,
        null => new DashboardSettings(host, DefaultPort, IsDefaultPort: true, tls),
        _ => new DashboardSettings(host, port.Value, IsDefaultPort: false, tls),
    };

    /// <summary>The page's address when served on <paramref name="port"/>.</summary>
    public string UrlAt(int port) => $"{(Tls is null ? "http" : "https")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{port}/";
}
