using System.Diagnostics;

namespace Rltk.LocalCluster;

/// <summary>A scheduler and worker processes on 127.0.0.1, started together; disposing stops them all.</summary>
public sealed class LocalHosts : IDisposable
{
    private readonly List<HostProcess> _processes = [];

    private LocalHosts()
    {
    }

    public string Address { get; private set; } = "";

    public HostProcess Scheduler => _processes[0];

    public IReadOnlyList<HostProcess> Workers => _processes[1..];

    /// <summary>The URL of the scheduler's dashboard (<c>http://127.0.0.1:port/</c>), when started with one.</summary>
    public string? DashboardUrl { get; private set; }

    /// <summary>Seconds from starting the scheduler process until every worker has joined.</summary>
    public double StartSeconds { get; private set; }

    /// <summary>
    /// Starts a scheduler on a free port and <paramref name="workers"/> workers of <paramref name="nprocs"/>
    /// mappers, and waits until all have joined; with <paramref name="dashboard"/>, the scheduler serves its
    /// dashboard on another free port (<see cref="DashboardUrl"/>); without <paramref name="nanny"/>, each worker runs
    /// in its host's own process (<c>--no-nanny</c>).
    /// </summary>
    public static async Task<LocalHosts> StartAsync(int workers, int nprocs = 1, bool dashboard = false, bool nanny = true)
    {
        var hosts = new LocalHosts();
        try
        {
            var started = Stopwatch.GetTimestamp();
            if (dashboard)
            {
                var (scheduler, address, url) = await HostProcess.StartSchedulerWithDashboardAsync();
                (hosts.Address, hosts.DashboardUrl) = (address, url);
                hosts._processes.Add(scheduler);
            }
            else
            {
                var (scheduler, address) = await HostProcess.StartSchedulerAsync();
                hosts.Address = address;
                hosts._processes.Add(scheduler);
            }

            for (var i = 0; i < workers; i++)
            {
                hosts._processes.Add(HostProcess.Worker(hosts.Address, ["--nprocs", nprocs.ToString(), .. nanny ? Array.Empty<string>() : ["--no-nanny"]]));
            }

            await hosts.Scheduler.WaitForOutputAsync("joined with", workers);
            hosts.StartSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return hosts;
        }
        catch
        {
            hosts.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }
}
