using Akka.Actor;
using Rltk.Actors.Wire;
using Akka.Configuration;

namespace Rltk.Actors.Tests.Cluster;

/// <summary>A cluster whose nodes all run TLS with certificates of one CA: who gets in, who does not.</summary>
public sealed class TlsTests : IDisposable
{
    private static readonly RemoteOptions Impatient = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task Clients_with_a_certificate_of_the_clusters_CA_run_tasks_in_PEM_or_PFX()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, tls: _certificates.Node);

        foreach (var tls in new[] { _certificates.Node, _certificates.NodePfx })
        {
            await using var remote = new Remote(cluster.Address, new RemoteOptions { Tls = tls });
            var results = new List<int>();
            await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x + 1, results.Add), Enumerable.Range(0, 20));
            Assert.Equal(Enumerable.Range(1, 20), results.Order());
        }
    }

    [Fact]
    public async Task A_client_without_TLS_or_with_another_CAs_certificate_cannot_reach_the_scheduler_or_ship_code()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, tls: _certificates.Node);

        var plain = Assert.Throws<SchedulerUnavailableException>(() => new Remote(cluster.Address, Impatient));
        Assert.Contains("runs TLS and this client does not", plain.Message);
        var rogue = Assert.Throws<SchedulerUnavailableException>(() => new Remote(cluster.Address, Impatient with { Tls = _certificates.Rogue }));
        Assert.Contains("TLS handshake with", rogue.Message);
        var status = await Waiting.StatusOf(cluster.SchedulerActor);
        Assert.Equal(0, status.OpenTasks);
    }

    [Fact]
    public async Task A_worker_with_another_CAs_certificate_cannot_join()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, tls: _certificates.Node);

        var rogue = await cluster.StartWorkerAsync(1, _certificates.Rogue,
            ConfigurationFactory.ParseString("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = 5s"));

        await rogue.WhenTerminated.Within();
        Assert.Equal(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance, CoordinatedShutdown.Get(rogue).ShutdownReason);
        Assert.Single(Akka.Cluster.Cluster.Get(cluster.Scheduler).State.Members, m => m.HasRole(ClusterRoles.Worker));
    }

    [Fact]
    public void Unusable_TLS_files_are_named()
    {
        var missing = Assert.Throws<ArgumentException>(() => new Remote("127.0.0.1:1", new RemoteOptions { Tls = _certificates.Node with { CaFile = "nope.pem" } }));
        Assert.Contains("nope.pem does not exist", missing.Message);

        var notACertificate = Assert.Throws<ArgumentException>(() => new Remote("127.0.0.1:1", new RemoteOptions { Tls = _certificates.Node with { CertificateFile = _certificates.Node.KeyFile! } }));
        Assert.Contains("cannot be read", notACertificate.Message);
    }

    [Fact]
    public void A_PFX_password_never_shows_in_what_is_logged()
    {
        var options = new RemoteOptions { Tls = _certificates.NodePfx with { PfxPassword = "s3cret-pfx" } };

        Assert.DoesNotContain("s3cret-pfx", options.ToString());
        Assert.Contains("node.pfx", options.ToString());
    }

    public void Dispose() => _certificates.Dispose();
}
