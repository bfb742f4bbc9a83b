using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>Normal events leave the hosts' logs quiet: one line each where the project has something to say, no errors, no stacks.</summary>
public sealed class QuietLogTests
{
    [Fact]
    public async Task A_stray_HTTP_request_a_client_that_runs_a_task_and_leaves_and_a_worker_that_leaves_log_no_error_or_warning()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync();
        using var _ = scheduler;
        using var leaving = HostProcess.Worker(address, "--nprocs", "1");
        using var staying = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        await scheduler.WaitForOutputAsync("joined with", times: 2);
        var workerAddress = HostProcess.ListeningAddress(await staying.WaitForOutputAsync("Worker listening at"));

        // curl http://<host port>/: Akka's transport reads "GET " as a 1 GB frame and drops the connection.
        foreach (var target in new[] { address, workerAddress })
        {
            await RequestHttpAsync(target);
        }

        await RunSmallTaskAsync(address); // a client connects, runs a task and disposes
        leaving.Terminate();
        Assert.Equal(0, await leaving.WaitForExitAsync());
        await scheduler.WaitForOutputAsync(" left; ");

        foreach (var host in new[] { scheduler, leaving, staying })
        {
            Assert.Empty(Troubles(host));
            Assert.Empty(Warnings(host));
            Assert.Empty(host.Errors);
        }
    }

    [Fact]
    public async Task On_a_TLS_cluster_a_stray_HTTP_request_and_a_client_without_a_certificate_are_refused_without_an_error()
    {
        using var certificates = new TestCertificates();
        string[] tls = ["--tls-ca-file", certificates.Node.CaFile, "--tls-cert", certificates.Node.CertificateFile, "--tls-key", certificates.Node.KeyFile!];
        var (scheduler, address) = await HostProcess.StartSchedulerAsync(tls);
        using var _ = scheduler;
        using var worker = HostProcess.Worker(address, ["--nprocs", "1", .. tls]);
        await scheduler.WaitForOutputAsync("joined with");

        await RequestHttpAsync(address);
        Assert.Throws<SchedulerUnavailableException>(() => new Remote(address, new RemoteOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }));
        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync());
        await scheduler.WaitForOutputAsync(" left; ");

        // Each refusal is a warning that says so ("Rejected incoming connection …"), not an error with a wall of advice.
        Assert.Contains(scheduler.Output, line => line.Contains("Rejected incoming connection", StringComparison.Ordinal));
        Assert.Empty(Troubles(scheduler));
        Assert.Empty(Troubles(worker));
        Assert.Empty(Warnings(worker));
    }


    /// <summary>An HTTP GET to a host's port, as a browser or a port scanner would send; whatever comes back, or does not, is fine.</summary>
    private static async Task RequestHttpAsync(string address)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.GetAsync($"http://{address}/");
        }
        catch (Exception refused) when (refused is HttpRequestException or TaskCanceledException)
        {
            // The host closes the connection: what it should do.
        }
    }
}
