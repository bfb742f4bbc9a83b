using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Rltk.Actors.Hosting;
using Rltk.Actors.Scheduler;

namespace Rltk.Actors.Tests.Support;

/// <summary>
/// A cluster of several nodes in this process, on 127.0.0.1 and free ports: a scheduler node and worker
/// nodes, started the way the hosts start them (the same Akka.Hosting builder). Disposing stops every node.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    // Test workers must be able to vanish without leaving gracefully, as a killed process does.
    private static readonly Config CrashableWorker = ConfigurationFactory.ParseString(
        "akka.coordinated-shutdown.run-by-actor-system-terminate = off");

    private readonly List<RltkNode> _nodes = [];
    private readonly TlsFiles? _tls;
    private readonly Config _hocon;

    private LoopbackCluster(RltkNode scheduler, TlsFiles? tls, Config hocon)
    {
        (Scheduler, SchedulerActor, _tls, _hocon) = (scheduler.System, scheduler.Registry.Get<SchedulerActor>(), tls, hocon);
        _nodes.Add(scheduler);
        Port = Akka.Cluster.Cluster.Get(Scheduler).SelfAddress.Port!.Value;
    }

    public ActorSystem Scheduler { get; }

    public IActorRef SchedulerActor { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts a scheduler and <paramref name="workers"/> workers, every node with <paramref name="hocon"/> and <paramref name="tls"/> if given.</summary>
    public static async Task<LoopbackCluster> StartAsync(int workers, int mappersPerWorker = 1, string hocon = "", TlsFiles? tls = null)
    {
        var overrides = ConfigurationFactory.ParseString(hocon);
        var scheduler = await RltkNode.StartAsync(
            RltkHostingExtensions.SystemName(), NullLoggerFactory.Instance, builder => builder.WithRltkScheduler("127.0.0.1", 0, tls, overrides)).Within();
        var cluster = new LoopbackCluster(scheduler, tls, overrides);
        for (var i = 0; i < workers; i++)
        {
            await cluster.AddWorkerAsync(mappersPerWorker);
        }

        return cluster;
    }

    /// <summary>Starts a worker node and waits until it is up in the cluster.</summary>
    public async Task<ActorSystem> AddWorkerAsync(int mappers = 1)
    {
        var worker = await StartWorkerAsync(mappers, _tls, CrashableWorker.WithFallback(_hocon));
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(worker).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.Within();
        return worker;
    }

    /// <summary>Starts a worker node that tries to join; it is stopped with the cluster.</summary>
    public async Task<ActorSystem> StartWorkerAsync(int mappers, TlsFiles? tls, Config overrides)
    {
        var worker = await RltkNode.StartAsync(
            RltkHostingExtensions.SystemName(), NullLoggerFactory.Instance,
            builder => builder.WithRltkWorker("127.0.0.1", Port, mappers, "127.0.0.1", 0, tls, overrides)).Within();
        _nodes.Add(worker);
        return worker.System;
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
            await node.DisposeAsync().AsTask().Within();
        }
    }
}
