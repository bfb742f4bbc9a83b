// Rltk.Worker.Host: joins a scheduler's cluster and runs --nprocs mapper actors (rltk's `remote.worker`);
// clients ship the code they run to it, so it is started with none.
using System.CommandLine;
using Rltk.Actors.Hosting;
using Rltk.Hosts;

var schedulerArgument = new Argument<string>("scheduler")
{
    Description = "The scheduler's address, host:port (as Rltk.Scheduler.Host listens, by default 127.0.0.1:8786).",
};
var nprocsOption = new Option<int>("--nprocs")
{
    Description = "Mapper actors to run, each on a thread of its own (default: one per core).",
    DefaultValueFactory = _ => Environment.ProcessorCount,
};
var hostOption = new Option<string>("--host")
{
    Description = "The address this worker listens on (default: loopback for a local scheduler, else the address that routes to it).",
};
var portOption = new Option<int>("--port")
{
    Description = "The port this worker listens on (default 0: any free port).",
};
var configOption = new Option<string>("--config")
{
    Description = "A HOCON file whose settings override hocon/cluster.conf.",
};
var command = new RootCommand("Runs mapper actors for the scheduler of an Rltk.Actors cluster.")
{
    schedulerArgument,
    nprocsOption,
    hostOption,
    portOption,
    configOption,
};
TlsCommandLine.AddTo(command);
command.SetAction(parsed =>
{
    var nprocs = parsed.GetValue(nprocsOption);
    var port = parsed.GetValue(portOption);
    if (nprocs <= 0)
    {
        return Task.FromResult(NodeHost.Fail($"--nprocs {nprocs}: give the number of mappers to run, at least 1.", NodeHost.Usage));
    }

    if (port is < 0 or > 65535)
    {
        return Task.FromResult(NodeHost.Fail($"--port {port} is not a port: give 1 to 65535, or 0 for any free port.", NodeHost.Usage));
    }

    if (!TlsCommandLine.TryRead(parsed, out var tls, out var unusableTls))
    {
        return Task.FromResult(NodeHost.Fail(unusableTls, NodeHost.Usage));
    }

    return NodeHost.RunAsync(parsed.GetValue(configOption), overrides =>
    {
        var (schedulerHost, schedulerPort) = Addresses.ParseAddress(parsed.GetValue(schedulerArgument)!);
        var host = parsed.GetValue(hostOption) ?? Addresses.LocalAddressTowards(schedulerHost, schedulerPort);
        return new NodeHost.Node(host, port, tls, akka => akka.WithRltkWorker(schedulerHost, schedulerPort, nprocs, host, port, tls, overrides));
    });
});
// Ctrl-C and SIGTERM belong to the host, which stops the node gracefully; System.CommandLine's own
// handling would end the process two seconds later, in the middle of a worker finishing its chunks.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
