using Rltk.Actors.Hosting;

namespace Rltk.Actors.Tests.Hosting;

/// <summary>One address per node: names resolved, IPv4 first, before Akka sees them.</summary>
public sealed class AddressesTests
{
    [Theory]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData(" 127.0.0.1 ", "127.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    public void Canonical_resolves_names_and_writes_addresses_one_way(string host, string expected) =>
        Assert.Equal(expected, Addresses.Canonical(host));

    [Theory]
    [InlineData("127.0.0.1:8786", "127.0.0.1", 8786)]
    [InlineData("tcp://127.0.0.1:8786", "127.0.0.1", 8786)]
    [InlineData(" TCP://scheduler.example:9000 ", "scheduler.example", 9000)]
    [InlineData("[::1]:8786", "::1", 8786)]
    public void A_scheduler_address_is_host_and_port_with_or_without_dasks_tcp_scheme(string address, string host, int port) =>
        Assert.Equal((host, port), Addresses.ParseAddress(address));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:8786/")]
    [InlineData("127.0.0.1:0")]
    [InlineData("tls://127.0.0.1:8786")]
    [InlineData("http://127.0.0.1:8787")]
    public void Anything_else_is_an_error_that_shows_the_form(string address)
    {
        var wrong = Assert.Throws<ArgumentException>(() => Addresses.ParseAddress(address));
        Assert.Contains("for example 127.0.0.1:8786", wrong.Message);
    }

    [Fact]
    public void This_machines_name_resolves_to_one_of_its_addresses() =>
        Assert.True(System.Net.IPAddress.TryParse(Addresses.Canonical(System.Net.Dns.GetHostName()), out _));

    [Fact]
    public void A_name_that_does_not_resolve_is_named()
    {
        var unknown = Assert.Throws<SchedulerUnavailableException>(() => Addresses.Canonical("no-such-host.invalid"));
        Assert.Contains("'no-such-host.invalid' cannot be resolved", unknown.Message);
    }

    [Fact]
    public void An_address_this_machine_does_not_have_cannot_be_listened_on_even_at_port_0()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Addresses.EnsureCanListen("192.0.2.1", 0));
        Assert.StartsWith("cannot listen on 192.0.2.1:0: ", refused.Message);
    }

    [Fact]
    public void A_port_in_use_cannot_be_listened_on()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var refused = Assert.Throws<InvalidOperationException>(() => Addresses.EnsureCanListen("127.0.0.1", port));
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is already in use", refused.Message);
    }
}
