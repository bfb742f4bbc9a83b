using System.Net;
using System.Net.Sockets;

namespace Rltk.Actors.Hosting;

/// <summary>Addresses of nodes: how they are written, which of this machine's another node can reach, whether one can be listened on.</summary>
internal static class Addresses
{
    /// <summary>
    /// The one address a node uses for <paramref name="host"/>: an IP address as written (in its usual
    /// form), a name resolved to its first IPv4 address (else its first address). Akka tells nodes apart
    /// by the text of their addresses, so a scheduler reached as <c>localhost</c> and listening as
    /// <c>127.0.0.1</c> would drop every message sent to it; every node, and the client, resolves names first.
    /// </summary>
    /// <exception cref="SchedulerUnavailableException"><paramref name="host"/> does not resolve.</exception>
    internal static string Canonical(string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var name = host.Trim().Trim('[', ']');
        if (IPAddress.TryParse(name, out var literal))
        {
            return literal.ToString();
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(name);
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
        var peer = IPAddress.Parse(Canonical(peerHost));
        if (IPAddress.IsLoopback(peer))
        {
            return "127.0.0.1";
        }

        using var probe = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(peer, peerPort);
        return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
    }

    /// <summary>
    /// Throws when this machine cannot listen at <paramref name="host"/>:<paramref name="port"/>: the
    /// address is not one of its own, or another process listens there already (port 0: any free port,
    /// so only the address is checked). Akka's transport does not always fail on a taken port (it may
    /// share it, or log that it listens when it does not), and its failures are walls of text: a host checks first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The address cannot be listened on; the message names it.</exception>
    public static void EnsureCanListen(string host, int port)
    {
        var address = IPAddress.Parse(Canonical(host));
        try
        {
            var listener = new TcpListener(address, port) { ExclusiveAddressUse = true };
            listener.Start();
            listener.Stop();
        }
        catch (SocketException taken) when (taken.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"cannot listen on {host}:{port}: the port is already in use (is another scheduler or worker running there? choose another --port)", taken);
        }
        catch (SocketException unusable)
        {
            throw new InvalidOperationException($"cannot listen on {host}:{port}: {unusable.Message}", unusable);
        }
    }

    /// <summary>Whether <paramref name="host"/> is reachable from this machine only (a loopback address or name).</summary>
    public static bool IsThisMachineOnly(string host) =>
        Dns.GetHostAddresses(host) is { Length: > 0 } addresses && addresses.All(IPAddress.IsLoopback);

    /// <summary>Reads a scheduler address written <c>host:port</c>, or as dask writes it, <c>tcp://host:port</c>.</summary>
    public static (string Host, int Port) ParseAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        const string DaskScheme = "tcp://";
        if (address.Trim().StartsWith(DaskScheme, StringComparison.OrdinalIgnoreCase))
        {
            address = address.Trim()[DaskScheme.Length..];
        }
        else if (address.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{address}' is not a scheduler address: write it as host:port (or tcp://host:port), for example 127.0.0.1:8786; " +
                "TLS is set by its own options, not by the address.");
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException(
                $"'{address}' is not a scheduler address: write it as host:port, for example 127.0.0.1:8786.");
        }

        return (address[..colon].Trim('[', ']'), port);
    }
}
