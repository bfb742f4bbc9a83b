// Rltk.Worker.Host: joins a scheduler's cluster and runs --nprocs mapper actors (rltk's `remote.worker`);
// clients ship the code they run to it, so it is started with none. By default a nanny runs the worker
// as a child process and starts it again when it dies (dask's nanny); --no-nanny runs it in this process.
using System.CommandLine;
using Rltk.Actors.Hosting;
using Rltk.Hosts;

var schedulerArgument = new Argument<string>("scheduler")
{
    Description = "The scheduler's address, host:port (as Rltk.Scheduler.Host listens, by default 127.0.0.1:8786).",
};
var nprocsOption = HostCommandLine.CountOption(
    "--nprocs", "Mapper actors to run, each on a thread of its own (default: one per core).", "mappers", Dispatchers.MaxMappers);
var hostOption = new Option<string>("--host")
{
    Description = "The address this worker listens on (default: loopback for a local scheduler, else the address that routes to it).",
};
var portOption = HostCommandLine.PortOption("The port this worker listens on (default 0: any free port).");
var configOption = new Option<string>("--config")
{
    Description = "A HOCON file whose settings override hocon/cluster.conf.",
};
var noNannyOption = new Option<bool>("--no-nanny")
{
    Description = "Run the worker in this process, with no nanny to start it again when it dies.",
};
var memoryLimitOption = new Option<string>("--memory-limit")
{
    Description = "The nanny kills and restarts a worker using more memory than this: bytes with a unit (2GB, 512MiB) " +
        "or a share of this machine's memory (0.5, 50%). Default: no limit.",
};
var nannyChildOption = new Option<bool>(Nanny.ChildOption)
{
    Description = "Internal: this process is a nanny's worker, and stops when its standard input (the nanny's pipe) closes.",
    Hidden = true,
};
var command = new RootCommand("Runs mapper actors for the scheduler of an Rltk.Actors cluster.")
{
    schedulerArgument,
    nprocsOption,
    hostOption,
    portOption,
    configOption,
    noNannyOption,
    memoryLimitOption,
    nannyChildOption,
};
TlsCommandLine.AddTo(command);
command.SetAction(async parsed =>
{
    var nprocs = parsed.GetValue(nprocsOption) ?? Environment.ProcessorCount;
    var port = parsed.GetValue(portOption) ?? 0;
    var (nanny, nannyChild) = (!parsed.GetValue(noNannyOption), parsed.GetValue(nannyChildOption));
    (string Host, int Port) scheduler;
    try
    {
        scheduler = Addresses.ParseAddress(parsed.GetValue(schedulerArgument)!);
    }
    catch (ArgumentException invalid)
    {
        return NodeHost.Fail(invalid.Message, NodeHost.Usage);
    }

    long? memoryLimit = null;
    if (parsed.GetValue(memoryLimitOption) is { } limit)
    {
        if (!MemoryLimit.TryParse(limit, MemoryLimit.MachineBytes, out var bytes, out var notALimit))
        {
            return NodeHost.Fail(notALimit, NodeHost.Usage);
        }

        if (!nanny && !nannyChild)
        {
            return NodeHost.Fail("--memory-limit is enforced by the nanny: drop --no-nanny to use it.", NodeHost.Usage);
        }

        memoryLimit = bytes;
    }

    if (!TlsCommandLine.TryRead(parsed, out var tls, out var unusableTls))
    {
        return NodeHost.Fail(unusableTls, NodeHost.Usage);
    }

    var configFile = parsed.GetValue(configOption);
    // Made again for each fresh node: a scheduler's name may resolve elsewhere by then, and port 0 is a new free port.
    NodeHost.Node Role(Akka.Configuration.Config overrides)
    {
        var schedulerHost = Addresses.Canonical(scheduler.Host);
        var host = parsed.GetValue(hostOption) is { } own ? Addresses.Canonical(own) : Addresses.LocalAddressTowards(schedulerHost, scheduler.Port);
        return new NodeHost.Node(host, port, tls, akka => akka.WithRltkWorker(schedulerHost, scheduler.Port, nprocs, host, port, tls, overrides, NodeHost.EndStuckWorker));
    }

    if (nanny)
    {
        // Everything the child would refuse is refused here, before any child starts, and again when a child exits 2.
        int CheckCommandLine() => NodeHost.Check(configFile, Role, out _, out _);
        return CheckCommandLine() is var refused and not 0 ? refused : await Nanny.RunAsync(args, CheckCommandLine, memoryLimit);
    }

    return await NodeHost.RunAsync(configFile, Role, new NodeHost.Worker(SchedulerAddress(), nannyChild));

    // As the worker's log names it: resolved as the node resolves it, or as written if it does not resolve (Role says why).
    string SchedulerAddress()
    {
        try
        {
            return $"{Addresses.Canonical(scheduler.Host)}:{scheduler.Port}";
        }
        catch (Exception unresolved) when (unresolved is ArgumentException or Rltk.Actors.SchedulerUnavailableException)
        {
            return $"{scheduler.Host}:{scheduler.Port}";
        }
    }
});
return await HostCommandLine.InvokeAsync(command, args);
