// Rltk.LocalCluster: a scheduler and worker processes on 127.0.0.1 in one command, for trying the cluster
// mode (dask's LocalCluster, as processes): prints the scheduler's address and waits for Ctrl-C, or runs
// a command against the cluster — "{address}" in it becomes the scheduler's host:port — and stops it after.
using System.CommandLine;
using System.Diagnostics;
using Rltk.LocalCluster;

var workersOption = new Option<int>("--workers") { Description = "Worker processes to start.", DefaultValueFactory = _ => 1 };
var nprocsOption = new Option<int>("--nprocs") { Description = "Mappers per worker.", DefaultValueFactory = _ => Environment.ProcessorCount };
var dashboardOption = new Option<bool>("--dashboard") { Description = "Serve the scheduler's dashboard on a free port, and print its URL." };
var commandArgument = new Argument<string[]>("command")
{
    Description = "A command to run against the cluster, after --; {address} in it becomes the scheduler's host:port.",
    Arity = ArgumentArity.ZeroOrMore,
};
var root = new RootCommand("Starts an Rltk.Actors scheduler and workers as processes on 127.0.0.1.")
{
    workersOption,
    nprocsOption,
    dashboardOption,
    commandArgument,
};
root.SetAction(async (parsed, cancellation) =>
{
    var (workers, nprocs) = (parsed.GetValue(workersOption), parsed.GetValue(nprocsOption));
    if (workers < 1 || nprocs < 1)
    {
        Console.Error.WriteLine("error: --workers and --nprocs must be at least 1.");
        return 2;
    }

    using var hosts = await LocalHosts.StartAsync(workers, nprocs, parsed.GetValue(dashboardOption));
    Console.WriteLine($"Scheduler at {hosts.Address}, {workers} worker(s) of {nprocs} mapper(s), ready in {hosts.StartSeconds:F1} s");
    if (hosts.DashboardUrl is { } dashboard)
    {
        Console.WriteLine($"Dashboard at {dashboard}");
    }

    if (parsed.GetValue(commandArgument) is not [var program, .. var arguments])
    {
        await Task.Delay(Timeout.Infinite, cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    var start = new ProcessStartInfo(program);
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument.Replace("{address}", hosts.Address, StringComparison.Ordinal));
    }

    using var command = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
    await command.WaitForExitAsync(cancellation);
    return command.ExitCode;
});
return await root.Parse(args).InvokeAsync();
