using System.Net;
using System.Net.Sockets;

namespace Rltk.Actors.Hosting;

/// <summary>Addresses of nodes: how they are written, which of this machine's another node can reach, whether one can be listened on.</summary>
internal static class Addresses
{
    /// <summary>
    /// The one address a host goes by in this cluster: an IP address (IPv4 first), so that every node names
    /// the scheduler alike and no message is dropped as meant for another node ("localhost" is 127.0.0.1).
    /// </summary>
    public static string Canonical(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal.ToString();
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException unknown)
        {
            throw new SchedulerUnavailableException($"The host name '{host}' cannot be resolved: {unknown.Message}", unknown);
        }

        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SchedulerUnavailableException($"The host name '{host}' has no address.");
        return chosen.ToString();
    }

    /// <summary>
    /// Loopback for a peer on this machine; otherwise the local address this machine routes to the peer
    /// from (a UDP "connect" picks it and sends nothing).
    /// </summary>
    public static string LocalAddressTowards(string peerHost, int peerPort)
    {
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(peerHost);
        }
        catch (SocketException unknown)
        {
            throw new SchedulerUnavailableException($"The scheduler host '{peerHost}' cannot be resolved: {unknown.Message}", unknown);
        }

        if (addresses.Length == 0)
        {
            throw new SchedulerUnavailableException($"The scheduler host '{peerHost}' has no address.");
        }

        if (IPAddress.IsLoopback(addresses[0]))
        {
            return "127.0.0.1";
        }

        using var probe = new Socket(addresses[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(addresses[0], peerPort);
        return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
    }

    /// <summary>
    /// Throws when another process listens on <paramref name="port"/> already. Akka's transport does not
    /// always fail on a taken port (it may share it, or log that it listens when it does not), so a host checks first.
    /// </summary>
    public static void EnsurePortFree(string host, int port)
    {
        if (port == 0)
        {
            return;
        }

        var address = Dns.GetHostAddresses(host).FirstOrDefault()
            ?? throw new ArgumentException($"'{host}' has no address to listen on.");
        try
        {
            var listener = new TcpListener(address, port) { ExclusiveAddressUse = true };
            listener.Start();
            listener.Stop();
        }
        catch (SocketException taken) when (taken.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"port {port} on {host} is already in use: is another scheduler or worker running there? Choose another --port.", taken);
        }
        catch (SocketException unusable)
        {
            throw new ArgumentException($"cannot listen on {host}:{port}: {unusable.Message}", unusable);
        }
    }

    /// <summary>Whether <paramref name="host"/> is reachable from this machine only (a loopback address or name).</summary>
    public static bool IsThisMachineOnly(string host) =>
        Dns.GetHostAddresses(host) is { Length: > 0 } addresses && addresses.All(IPAddress.IsLoopback);

    /// <summary>Reads a scheduler address written <c>host:port</c>.</summary>
    public static (string Host, int Port) ParseAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException(
                $"'{address}' is not a scheduler address: write it as host:port, for example 127.0.0.1:8786.");
        }

        return (address[..colon].Trim('[', ']'), port);
    }
}
