using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>The scheduler's dashboard, served by a real scheduler process: its JSON, its health, what it refuses, its ports.</summary>
public sealed class DashboardTests
{
    private const int Inputs = 1_000;

    [Fact]
    public async Task The_status_API_shows_the_workers_a_known_task_and_its_failure_as_the_scheduler_does_and_the_node_is_healthy()
    {
        var (scheduler, address, url) = await HostProcess.StartSchedulerWithDashboardAsync();
        using var _ = scheduler;
        using var first = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        using var second = HostProcess.Worker(address, "--nprocs", "1", "--no-nanny");
        await scheduler.WaitForOutputAsync("joined with", times: 2);
        var workerPorts = new List<int>();
        foreach (var worker in new[] { first, second })
        {
            workerPorts.Add(PortOf(HostProcess.ListeningAddress(await worker.WaitForOutputAsync("Worker listening at"))));
        }

        using var http = DashboardApi.Client(url);
        await using var remote = new Remote(address);
        var failures = new ConcurrentBag<TaskFailedException>();
        var task = new RemoteTask<int, int>(remote, Handlers.FailOnSeven, chunkSize: 10, options: new RemoteTaskOptions { OnError = failures.Add });
        await task.StartAsync().Within();
        for (var i = 0; i < Inputs; i++)
        {
            await task.ComputeAsync(i);
        }

        task.TaskDone();
        // Open until joined: the scheduler shows the task while it is; the status settles once every worker's word is in.
        await Waiting.Until(async () => (await DashboardApi.StatusAsync(http)).Status.Tasks is [{ InputsCompleted: Inputs }]
                                        && Same(await remote.GetStatusAsync(), (await DashboardApi.StatusAsync(http)).Status));
        var (status, json) = await DashboardApi.StatusAsync(http);

        Assert.Equal(address, status.Scheduler);
        Assert.True(status.Uptime > TimeSpan.Zero);
        Assert.Equal(workerPorts.Order(), status.Workers.Select(w => PortOf(w.Address)).Order());
        Assert.All(status.Workers, worker => Assert.Equal(1, worker.Mappers));
        Assert.InRange(status.Workers.Sum(w => w.InputsDone), 1, Inputs);
        var row = Assert.Single(status.Tasks);
        Assert.Equal((Inputs, Inputs), (row.InputsSubmitted, row.InputsCompleted));
        Assert.Contains("FailOnSeven", row.Name);
        Assert.Equal(row.Client, Assert.Single(status.Clients).Address);
        // The scheduler learns of a failure from the worker; it misses one whose worker's word came after the client's confirmation.
        Assert.Equal(row.InputsFailed, status.RecentFailures.Count);
        if (status.RecentFailures is [var failure])
        {
            Assert.Equal(("7", row.Id), (failure.Input, failure.Task));
            Assert.Contains("FormatException: seven is not allowed", failure.Error);
        }

        // camelCase, durations as .NET writes a TimeSpan, times in ISO 8601.
        Assert.Contains($"\"inputsCompleted\":{Inputs}", json);
        Assert.Matches("\"uptime\":\"\\d{2}:\\d{2}:\\d{2}", json);
        Assert.Matches("\"startedAt\":\"\\d{4}-\\d{2}-\\d{2}T", json);

        using var health = await http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("2 workers", report.RootElement.GetProperty("checks").GetProperty("rltk.scheduler").GetProperty("description").GetString());

        await task.JoinAsync().Within();
        Assert.Single(failures);
        Assert.Empty(Troubles(scheduler));
    }

    [Fact]
    public async Task A_Remote_given_the_dashboards_port_is_told_to_give_the_schedulers_own()
    {
        var (scheduler, _, url) = await HostProcess.StartSchedulerWithDashboardAsync();
        using var _ = scheduler;

        var wrongPort = await Assert.ThrowsAsync<SchedulerUnavailableException>(() => Remote.ConnectAsync($"127.0.0.1:{new Uri(url).Port}"));

        Assert.Contains("the scheduler's dashboard", wrongPort.Message);
    }

    [Fact]
    public async Task The_page_is_one_self_contained_file_and_anything_but_GET_is_refused()
    {
        var (scheduler, _, url) = await HostProcess.StartSchedulerWithDashboardAsync();
        using var _ = scheduler;
        using var http = DashboardApi.Client(url);

        using var page = await http.GetAsync("");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"workers\"", html);
        // Clusters often have no internet: nothing is loaded from elsewhere, and the browser is told so.
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"?(https?:)?//", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("default-src 'none'", string.Join(" ", page.Headers.GetValues("Content-Security-Policy")));

        foreach (var path in new[] { "", "api/status", "healthz" })
        {
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
            {
                using var refused = await http.SendAsync(new HttpRequestMessage(method, path));
                Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            }
        }
    }

    [Fact]
    public async Task With_TLS_the_dashboard_is_served_over_HTTPS_with_the_node_certificate()
    {
        using var certificates = new TestCertificates();
        var (scheduler, address, url) = await HostProcess.StartSchedulerWithDashboardAsync(
            "--tls-ca-file", certificates.Node.CaFile, "--tls-cert", certificates.Node.CertificateFile, "--tls-key", certificates.Node.KeyFile!);
        using var _ = scheduler;

        Assert.StartsWith("https://127.0.0.1:", url);
        using var authority = X509CertificateLoader.LoadCertificateFromFile(certificates.CaFile);
        using var http = DashboardApi.Client(url, new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && IsSignedBy(authority, certificate),
        });
        Assert.Equal(address, (await DashboardApi.StatusAsync(http)).Status.Scheduler);
    }

    [Fact]
    public async Task A_dashboard_port_that_is_taken_is_one_line_and_exit_code_1_and_nothing_starts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        using var scheduler = HostProcess.Scheduler("--port", "0", "--dashboard-port", taken.ToString());

        Assert.Equal(1, await scheduler.WaitForExitAsync());
        Assert.Equal($"error: cannot serve the dashboard on 127.0.0.1:{taken}: the port is already in use (choose another --dashboard-port, or 0 for no dashboard)",
            Assert.Single(scheduler.Errors));
        Assert.Empty(scheduler.Output);
    }

    [Fact]
    public async Task When_the_default_port_is_taken_the_dashboard_warns_once_and_serves_on_a_free_port()
    {
        // 8787 held here, or already held by another program: taken either way.
        using var holder = TryHold(8787);

        using var scheduler = HostProcess.SchedulerWithDefaultDashboard("--port", "0");
        var url = await scheduler.DashboardUrlAsync();

        Assert.Matches("^http://127\\.0\\.0\\.1:\\d+/$", url);
        Assert.NotEqual(8787, new Uri(url).Port);
        Assert.Contains("Port 8787 is already in use", Assert.Single(Warnings(scheduler)));
        using var http = DashboardApi.Client(url);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        scheduler.Terminate();
        Assert.Equal(0, await scheduler.WaitForExitAsync());
        Assert.Empty(scheduler.Errors);
        Assert.Empty(Troubles(scheduler));
    }

    [Fact]
    public async Task Dashboard_port_0_serves_no_dashboard()
    {
        var (scheduler, _) = await HostProcess.StartSchedulerAsync("--dashboard-port", "0");
        using var _ = scheduler;

        scheduler.Terminate();

        Assert.Equal(0, await scheduler.WaitForExitAsync());
        Assert.DoesNotContain(scheduler.Output, line => line.Contains("Dashboard", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--dashboard-port abc", "--dashboard-port abc is not a port: give 1 to 65535, or 0 for no dashboard")]
    [InlineData("--dashboard-port 70000", "--dashboard-port 70000 is not a port")]
    [InlineData("--port 18786 --dashboard-port 18786", "--dashboard-port 18786 is the scheduler's own port")]
    public async Task A_dashboard_port_that_makes_no_sense_is_one_line_and_exit_code_2(string arguments, string expected)
    {
        using var scheduler = HostProcess.Scheduler(arguments.Split(' '));

        Assert.Equal(2, await scheduler.WaitForExitAsync());
        Assert.StartsWith($"error: {expected}", Assert.Single(scheduler.Errors));
        Assert.Empty(scheduler.Output);
    }

    /// <summary>Whether the dashboard says what the scheduler says through a client: its workers' work, its tasks' counts, its failures.</summary>
    private static bool Same(ClusterStatus scheduler, ClusterStatus dashboard) =>
        Work(scheduler) == Work(dashboard)
        && scheduler.RecentFailures.SequenceEqual(dashboard.RecentFailures);

    private static string Work(ClusterStatus status) => string.Join("; ",
        status.Workers.OrderBy(w => w.Address).Select(w => $"{w.Address} {w.Mappers} {w.ChunksDone} {w.InputsDone}")
            .Concat(status.Tasks.Select(t => $"{t.Id} {t.InputsSubmitted} {t.InputsCompleted} {t.InputsFailed}")));

    /// <summary>Listens on <paramref name="port"/> of 127.0.0.1 if no one does; null when another program already does.</summary>
    private static TcpListener? TryHold(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException taken) when (taken.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            return null;
        }
    }

    private static bool IsSignedBy(X509Certificate2 authority, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
