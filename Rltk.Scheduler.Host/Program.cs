// Rltk.Scheduler.Host: the cluster's seed node, running the scheduler actor (rltk's `remote.scheduler`).
using System.CommandLine;
using Rltk.Actors.Hosting;
using Rltk.Hosts;

var portOption = new Option<int?>("--port")
{
    Description = "The port to listen on (default: rltk.cluster.default-port, 8786; 0: any free port, printed at start).",
};
var hostOption = new Option<string>("--host")
{
    Description = "The address to listen on, which workers and clients use to reach the scheduler. " +
        "127.0.0.1 (the default) accepts only this machine; give this machine's IP address or name to accept others.",
    DefaultValueFactory = _ => "127.0.0.1",
};
var configOption = new Option<string>("--config")
{
    Description = "A HOCON file whose settings override hocon/cluster.conf.",
};
var command = new RootCommand("Runs the scheduler of an Rltk.Actors cluster; workers join it with Rltk.Worker.Host <host>:<port>.")
{
    portOption,
    hostOption,
    configOption,
};
TlsCommandLine.AddTo(command);
command.SetAction(parsed =>
{
    var port = parsed.GetValue(portOption);
    var host = parsed.GetValue(hostOption)!;
    if (port is < 0 or > 65535)
    {
        return Task.FromResult(NodeHost.Fail($"--port {port} is not a port: give 1 to 65535, or 0 for any free port.", NodeHost.Usage));
    }

    if (host is "0.0.0.0" or "::" or "")
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
        var listenPort = port ?? RltkHostingExtensions.DefaultPort(overrides);
        return new NodeHost.Node(host, listenPort, tls, akka => akka.WithRltkScheduler(host, listenPort, tls, overrides));
    });
});
// Ctrl-C and SIGTERM belong to the host, which stops the node gracefully; System.CommandLine's own
// handling would end the process two seconds later, in the middle of a worker finishing its chunks.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
