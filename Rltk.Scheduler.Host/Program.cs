// Rltk.Scheduler.Host: the cluster's seed node, running the scheduler actor (rltk's `remote.scheduler`).
using System.CommandLine;
using Rltk.Actors.Hosting;
using Rltk.Hosts;
using Rltk.Scheduler.Host.Dashboard;

var portOption = HostCommandLine.PortOption("The port to listen on (default: rltk.cluster.default-port, 8786; 0: any free port, printed at start).");
var hostOption = new Option<string>("--host")
{
    Description = "The address to listen on, which workers and clients use to reach the scheduler. " +
        "127.0.0.1 (the default) accepts only this machine; give this machine's IP address or name to accept others.",
    DefaultValueFactory = _ => "127.0.0.1",
};
var dashboardPortOption = HostCommandLine.PortOption(
    $"The port of the web dashboard, served at --host (default: {DashboardSettings.DefaultPort}, as dask's, or a free port if that one is taken; 0: no dashboard).",
    "--dashboard-port", zeroMeans: "no dashboard");
var configOption = new Option<string>("--config")
{
    Description = "A HOCON file whose settings override hocon/cluster.conf.",
};
var command = new RootCommand("Runs the scheduler of an Rltk.Actors cluster; workers join it with Rltk.Worker.Host <host>:<port>.")
{
    portOption,
    hostOption,
    dashboardPortOption,
    configOption,
};
TlsCommandLine.AddTo(command);
command.SetAction(parsed =>
{
    var host = parsed.GetValue(hostOption)!;
    if (host.Trim() is "0.0.0.0" or "::" or "[::]" or "")
    {
        return Task.FromResult(NodeHost.Fail(
            $"--host '{host}' is not an address workers can reach: give this machine's IP address or host name.", NodeHost.Usage));
    }

    if (!TlsCommandLine.TryRead(parsed, out var tls, out var unusableTls))
    {
        return Task.FromResult(NodeHost.Fail(unusableTls, NodeHost.Usage));
    }

    return NodeHost.RunAsync(parsed.GetValue(configOption), overrides =>
    {
        // One address, resolved once: the scheduler listens at and advertises the address others reach it by.
        var address = Addresses.Canonical(host);
        var listenPort = parsed.GetValue(portOption) ?? RltkHostingExtensions.DefaultPort(overrides);
        var dashboard = DashboardSettings.From(parsed.GetValue(dashboardPortOption), address, tls);
        if (dashboard is { IsDefaultPort: false } && dashboard.Port == listenPort)
        {
            throw new ArgumentException($"--dashboard-port {dashboard.Port} is the scheduler's own port: give the dashboard another.");
        }

        return new NodeHost.Node(address, listenPort, tls, akka => akka.WithRltkScheduler(address, listenPort, tls, overrides).WithSchedulerHealthChecks())
        {
            Companion = dashboard is null ? null : new DashboardServer(dashboard),
        };
    });
});
return await HostCommandLine.InvokeAsync(command, args);
