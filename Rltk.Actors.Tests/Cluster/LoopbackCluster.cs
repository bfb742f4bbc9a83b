using Akka.Actor;
using Akka.Configuration;
using Rltk.Actors.Cluster;

namespace Rltk.Actors.Tests.Cluster;

/// <summary>
/// A cluster of several actor systems in this process, on 127.0.0.1 and free ports: a scheduler node
/// and worker nodes, started the way the hosts start them. Disposing stops every node.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    // Test workers must be able to vanish without leaving gracefully, as a killed process does.
    private static readonly Config CrashableWorker = ConfigurationFactory.ParseString(
        "akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    private readonly List<ActorSystem> _nodes = [];

    private readonly TlsFiles? _tls;

    private LoopbackCluster(ActorSystem scheduler, TlsFiles? tls)
    {
        Scheduler = scheduler;
        _tls = tls;
        _nodes.Add(scheduler);
        var address = Akka.Cluster.Cluster.Get(scheduler).SelfAddress;
        Port = address.Port!.Value;
    }

    public ActorSystem Scheduler { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts a scheduler and <paramref name="workers"/> workers, every node with <paramref name="tls"/> if given.</summary>
    public static async Task<LoopbackCluster> StartAsync(int workers, int mappersPerWorker = 1, string schedulerHocon = "", TlsFiles? tls = null)
    {
        var system = ClusterNode.CreateSystem(
            "rltk", ClusterNode.NodeConfig("127.0.0.1", 0, [SchedulerActor.Role], 1, ConfigurationFactory.ParseString(schedulerHocon)), tls);
        ClusterNode.StartScheduler(system);
        var cluster = new LoopbackCluster(system, tls);
        for (var i = 0; i < workers; i++)
        {
            await cluster.AddWorkerAsync(mappersPerWorker);
        }

        return cluster;
    }

    /// <summary>Starts a worker node and waits until it is up in the cluster.</summary>
    public async Task<ActorSystem> AddWorkerAsync(int mappers = 1)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = StartWorker(mappers, _tls, CrashableWorker);
        Akka.Cluster.Cluster.Get(worker).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.Within();
        return worker;
    }

    /// <summary>Starts a worker node that tries to join; it is stopped with the cluster.</summary>
    public ActorSystem StartWorker(int mappers, TlsFiles? tls, Config overrides)
    {
        var worker = ClusterNode.CreateSystem("rltk", ClusterNode.NodeConfig("127.0.0.1", 0, [ClusterNode.WorkerRole], mappers, overrides), tls);
        _nodes.Add(worker);
        ClusterNode.StartWorker(worker, mappers);
        ClusterNode.JoinScheduler(worker, "127.0.0.1", Port);
        return worker;
    }

    /// <summary>Stops a worker node at once, without leaving the cluster: the others must notice it is gone.</summary>
    public static Task CrashAsync(ActorSystem worker) => worker.Terminate().Within();

    /// <summary>Stops a worker node the way Ctrl-C stops the worker host: it finishes its chunks and leaves.</summary>
    public static Task LeaveAsync(ActorSystem worker) =>
        CoordinatedShutdown.Get(worker).Run(CoordinatedShutdown.ClrExitReason.Instance).Within();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.Terminate().Within();
        }
    }
}
