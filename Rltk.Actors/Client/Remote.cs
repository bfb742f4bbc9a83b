using Akka.Actor;
using Akka.Configuration;
using Rltk.Actors.Client;
using Rltk.Actors.Cluster;
using Rltk.Actors.Configuration;

namespace Rltk.Actors;

/// <summary>
/// A connection to a cluster's scheduler (rltk's <c>rltk.remote.Remote</c>). <c>new Remote("host:port")</c>
/// connects to a running <c>Rltk.Scheduler.Host</c>; <c>new Remote()</c> starts an embedded cluster in
/// this process — a scheduler and one mapper per core — so that the same <see cref="RemoteTask{TIn,TOut}"/>
/// code runs on a laptop and on a cluster.
/// </summary>
/// <remarks>
/// The client is an actor system that talks to the cluster by Akka.Remote without joining it: it is
/// not a member, so a client that comes and goes never changes the cluster's membership, and the
/// scheduler and workers reach it by remote DeathWatch and plain messages (results go from the workers
/// straight to the client).
/// </remarks>
public sealed class Remote : IAsyncDisposable, IDisposable
{
    private const string ClientSystemName = "rltk-client";
    private int _disposed;

    /// <summary>Starts an embedded cluster in this process: a scheduler and one mapper per core.</summary>
    public Remote()
        : this(new RemoteOptions())
    {
    }

    /// <summary>Starts an embedded cluster in this process, sized and configured by <paramref name="options"/>.</summary>
    public Remote(RemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var workers = options.EmbeddedWorkers ?? Environment.ProcessorCount;
        var config = ClusterNode.NodeConfig(
            "127.0.0.1", 0, [SchedulerActor.Role, ClusterNode.WorkerRole], workers, Overrides(options));
        System = ClusterNode.CreateSystem(config.GetString("rltk.cluster.system-name"), config, options.Tls);
        ConnectTimeout = options.ConnectTimeout ?? System.Settings.Config.GetTimeSpan("rltk.cluster.connect-timeout");
        var cluster = Akka.Cluster.Cluster.Get(System);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        Scheduler = ClusterNode.StartScheduler(System);
        ClusterNode.StartWorker(System, workers);
        IsEmbedded = true;
        SchedulerAddress = $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}";
        if (!up.Task.Wait(ConnectTimeout))
        {
            Abandon();
            throw new SchedulerUnavailableException($"The embedded cluster did not come up within {ConnectTimeout}.");
        }

        try
        {
            Session = ClientSession.Open(System, Scheduler, ConnectTimeout);
        }
        catch (AskTimeoutException timeout)
        {
            Abandon();
            throw new SchedulerUnavailableException($"The embedded cluster's scheduler did not open a session within {ConnectTimeout}.", timeout);
        }
    }

    /// <summary>
    /// Connects to the scheduler at <paramref name="address"/> (<c>"host:port"</c>, as given to
    /// <c>Rltk.Worker.Host</c>); throws <see cref="SchedulerUnavailableException"/> when no scheduler
    /// answers within <see cref="RemoteOptions.ConnectTimeout"/>.
    /// </summary>
    public Remote(string address, RemoteOptions? options = null)
    {
        options ??= new RemoteOptions();
        options.Validate();
        var (host, port) = Reachability.ParseAddress(address);
        var config = ConfigurationFactory.ParseString($"""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp.hostname = "{Reachability.LocalAddressTowards(host, port)}"
                akka.remote.dot-netty.tcp.port = 0
                """)
            .WithFallback(Overrides(options) ?? Config.Empty)
            .WithFallback(RltkConfig.Cluster);
        System = ClusterNode.CreateSystem(ClientSystemName, config, options.Tls);
        ConnectTimeout = options.ConnectTimeout ?? config.GetTimeSpan("rltk.cluster.connect-timeout");
        SchedulerAddress = $"{host}:{port}";
        var protocol = ((ExtendedActorSystem)System).Provider.DefaultAddress.Protocol;
        var path = $"{protocol}://{config.GetString("rltk.cluster.system-name")}@{host}:{port}/user/{SchedulerActor.Name}";
        try
        {
            var identity = System.ActorSelection(path).Ask<ActorIdentity>(new Identify(null), ConnectTimeout)
                .GetAwaiter().GetResult();
            Scheduler = identity.Subject ?? throw new SchedulerUnavailableException(
                $"{SchedulerAddress} answered, but runs no scheduler: give the address of Rltk.Scheduler.Host, not of a worker.");
            Session = ClientSession.Open(System, Scheduler, ConnectTimeout);
        }
        catch (AskTimeoutException timeout)
        {
            Abandon();
            throw new SchedulerUnavailableException(
                $"No scheduler answered at {SchedulerAddress} within {ConnectTimeout}: is Rltk.Scheduler.Host running there, " +
                "is that port reachable from this machine, and do this client's TLS settings match the cluster's?", timeout);
        }
        catch (SchedulerUnavailableException)
        {
            Abandon();
            throw;
        }
    }

    /// <summary>The scheduler's <c>host:port</c>.</summary>
    public string SchedulerAddress { get; }

    /// <summary>True when this Remote runs its own embedded cluster.</summary>
    public bool IsEmbedded { get; }

    /// <summary>How long calls that need the scheduler's answer wait for it.</summary>
    public TimeSpan ConnectTimeout { get; }

    internal ActorSystem System { get; }

    internal IActorRef Scheduler { get; }

    internal ClientSession Session { get; } = null!;

    /// <summary>
    /// Gives files to every worker (rltk's <c>add_dependencies</c>): a data file, a native library. Each
    /// worker places them in a folder of this Remote's session, for the tasks started after this call;
    /// handlers find them with <see cref="Dependencies.PathOf"/>. Files are deleted when this Remote is disposed.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public void AddDependencies(params string[] paths)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            Session.AddDependency(path);
        }
    }

    /// <summary>
    /// Puts <paramref name="value"/> on every worker once (dask's <c>scatter</c>), for the tasks started
    /// after this call: a handler captures the handle and reads <see cref="Scattered{T}.Value"/>, instead
    /// of the value travelling with the handler or with each chunk.
    /// </summary>
    public Scattered<T> Scatter<T>(T value)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(value);
        byte[] serialized;
        try
        {
            serialized = PayloadSerializer.Shared.Serialize(value);
        }
        catch (Exception failure)
        {
            throw new ArgumentException($"The value cannot be serialized to scatter it: {failure.Message}", nameof(value), failure);
        }

        return new Scattered<T>(Session.Scatter(serialized, value.GetType()));
    }

    /// <summary>
    /// Runs one call of <paramref name="function"/> on a worker (dask's <c>submit</c>); the task completes
    /// with its result, or faults with a <see cref="TaskFailedException"/>. Cancelling cancels the task at
    /// once; the call does not run if it has not started when the cancellation reaches its worker.
    /// </summary>
    public Task<TOut> SubmitAsync<TOut>(Func<TOut> function, CancellationToken cancellationToken = default) =>
        SubmitAsync(RemoteTask<bool, TOut>.Call(this, function, Protocol.HandlerKind.Call, cancellationToken), true);

    /// <summary>Runs <paramref name="function"/> on <paramref name="argument"/> on a worker; see <see cref="SubmitAsync{TOut}(Func{TOut}, CancellationToken)"/>.</summary>
    public Task<TOut> SubmitAsync<TIn, TOut>(Func<TIn, TOut> function, TIn argument, CancellationToken cancellationToken = default) =>
        SubmitAsync(RemoteTask<TIn, TOut>.Call(this, function, Protocol.HandlerKind.Function, cancellationToken), argument);

    private static async Task<TOut> SubmitAsync<TIn, TOut>((RemoteTask<TIn, TOut> Task, Func<TOut> Result) call, TIn argument)
    {
        using var task = call.Task;
        await Task.Run(task.Start).ConfigureAwait(false);
        await task.ComputeAsync(argument).ConfigureAwait(false);
        task.TaskDone();
        await task.JoinAsync().ConfigureAwait(false);
        return call.Result();
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>
    /// Leaves: tasks still running fail with <see cref="OperationCanceledException"/>. An embedded
    /// cluster's workers first finish the chunks they hold.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Workers unload this session's code now; a vanished client's session ends when the scheduler notices.
            Scheduler.Tell(new Protocol.CloseSession(Session.Id));
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Abandon()
    {
        Interlocked.Exchange(ref _disposed, 1);
        System.Terminate().Wait(ConnectTimeout);
    }

    private static Config? Overrides(RemoteOptions options) =>
        options.Hocon is { } hocon ? ConfigurationFactory.ParseString(hocon) : null;
}
