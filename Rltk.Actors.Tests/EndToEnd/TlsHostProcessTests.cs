
namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The hosts as processes started with <c>--tls-ca-file</c>, <c>--tls-cert</c> and <c>--tls-key</c>.</summary>
public sealed class TlsHostProcessTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task Hosts_started_with_TLS_serve_a_client_with_the_CAs_certificate_and_refuse_one_without()
    {
        var tls = Arguments(_certificates.Node);
        var (scheduler, address) = await HostProcess.StartSchedulerAsync(tls);
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, ["--nprocs", "1", .. tls]);
        await scheduler.WaitForOutputAsync("joined with");

        Assert.Throws<SchedulerUnavailableException>(() => new Remote(address, new RemoteOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }));
        await using var remote = new Remote(address, new RemoteOptions { Tls = _certificates.NodePfx });
        var results = new List<int>();
        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x - 1, results.Add), Enumerable.Range(1, 30));
        Assert.Equal(Enumerable.Range(0, 30), results.Order());
    }

    [Theory]
    [InlineData("--tls-cert {cert}", "TLS needs both --tls-ca-file and --tls-cert")]
    [InlineData("--tls-ca-file {ca} --tls-cert {cert} --tls-key {ca}", "cannot be read")] // a certificate where the key should be
    public async Task A_worker_given_unusable_TLS_options_explains_it_in_one_line(string options, string expected)
    {
        var arguments = options.Split(' ')
            .Select(argument => argument.Replace("{ca}", _certificates.Node.CaFile).Replace("{cert}", _certificates.Node.CertificateFile))
            .ToArray();
        using var worker = HostProcess.Worker("127.0.0.1:8786", arguments);

        Assert.Equal(2, await worker.WaitForExitAsync());
        Assert.Contains(expected, Assert.Single(worker.Errors));
    }

    public void Dispose() => _certificates.Dispose();

    private static string[] Arguments(TlsFiles tls) =>
        ["--tls-ca-file", tls.CaFile, "--tls-cert", tls.CertificateFile, "--tls-key", tls.KeyFile!];
}
