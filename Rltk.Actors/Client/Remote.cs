using Akka.Actor;
using Akka.Configuration;
using Rltk.Actors.Client;
using Rltk.Actors.Hosting;
using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

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
    private readonly RltkNode _node;
    private int _disposed;

    /// <summary>Starts an embedded cluster in this process: a scheduler and one mapper per core.</summary>
    public Remote()
        : this(new RemoteOptions())
    {
    }

    /// <summary>Starts an embedded cluster in this process, sized and configured by <paramref name="options"/>.</summary>
    public Remote(RemoteOptions options)
        : this(StartEmbeddedCoreAsync(options).GetAwaiter().GetResult())
    {
    }

    /// <summary>
    /// Connects to the scheduler at <paramref name="address"/> (<c>"host:port"</c>, as given to
    /// <c>Rltk.Worker.Host</c>); throws <see cref="SchedulerUnavailableException"/> when no scheduler
    /// answers within <see cref="RemoteOptions.ConnectTimeout"/>.
    /// </summary>
    public Remote(string address, RemoteOptions? options = null)
        : this(ConnectCoreAsync(address, options).GetAwaiter().GetResult())
    {
    }

    private Remote(Connection connection)
    {
        (_node, Scheduler, Session, SchedulerAddress, IsEmbedded, ConnectTimeout) =
            (connection.Node, connection.Scheduler, connection.Session, connection.Address, connection.IsEmbedded, connection.Timeout);
        MaxMessageBytes = ClusterSettings.Create(System.Settings.Config).MaxMessageBytes;
    }

    /// <summary>The scheduler's <c>host:port</c>.</summary>
    public string SchedulerAddress { get; }

    /// <summary>True when this Remote runs its own embedded cluster.</summary>
    public bool IsEmbedded { get; }

    /// <summary>How long calls that need the scheduler's answer wait for it.</summary>
    public TimeSpan ConnectTimeout { get; }

    internal ActorSystem System => _node.System;

    internal IActorRef Scheduler { get; }

    internal ClientSession Session { get; }

    /// <summary>The most a message to the cluster may carry: chunks are cut to fit.</summary>
    internal long MaxMessageBytes { get; }

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
        SubmitAsync(RemoteTask<bool, TOut>.Call(this, function, HandlerKind.Call, cancellationToken), true);

    /// <summary>Runs <paramref name="function"/> on <paramref name="argument"/> on a worker; see <see cref="SubmitAsync{TOut}(Func{TOut}, CancellationToken)"/>.</summary>
    public Task<TOut> SubmitAsync<TIn, TOut>(Func<TIn, TOut> function, TIn argument, CancellationToken cancellationToken = default) =>
        SubmitAsync(RemoteTask<TIn, TOut>.Call(this, function, HandlerKind.Function, cancellationToken), argument);

    /// <summary>
    /// Leaves: tasks still running fail with <see cref="OperationCanceledException"/>. An embedded
    /// cluster's workers first finish the chunks they hold.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Workers unload this session's code now; a vanished client's session ends when the scheduler notices.
            Scheduler.Tell(new CloseSession(Session.Id));
            await _node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static async Task<Connection> StartEmbeddedCoreAsync(RemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var overrides = options.Overrides;
        var settings = ClusterSettings.Create(overrides);
        var timeout = options.ConnectTimeout ?? settings.ConnectTimeout;
        var workers = options.EmbeddedWorkers ?? Environment.ProcessorCount;
        var node = await RltkNode.StartAsync(settings.SystemName, options.Logging, builder => builder.WithRltkEmbeddedCluster(workers, options.Tls, overrides))
            .ConfigureAwait(false);
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(node.System);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            if (await Task.WhenAny(up.Task, Task.Delay(timeout)).ConfigureAwait(false) != up.Task)
            {
                throw new SchedulerUnavailableException($"The embedded cluster did not come up within {timeout}.");
            }

            var scheduler = node.Registry.Get<SchedulerActor>();
            var session = await OpenSessionAsync(node.System, scheduler, timeout, "The embedded cluster's scheduler").ConfigureAwait(false);
            return new Connection(node, scheduler, session, $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}", true, timeout);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Connection> ConnectCoreAsync(string address, RemoteOptions? options)
    {
        options ??= new RemoteOptions();
        options.Validate();
        var (host, port) = Addresses.ParseAddress(address);
        var overrides = options.Overrides;
        var settings = ClusterSettings.Create(overrides);
        var timeout = options.ConnectTimeout ?? settings.ConnectTimeout;
        var node = await RltkNode.StartAsync(
            ClientSystemName, options.Logging, builder => builder.WithRltkClient(Addresses.LocalAddressTowards(host, port), options.Tls, overrides))
            .ConfigureAwait(false);
        var schedulerAddress = $"{host}:{port}";
        try
        {
            var protocol = ((ExtendedActorSystem)node.System).Provider.DefaultAddress.Protocol;
            var path = $"{protocol}://{settings.SystemName}@{host}:{port}/user/{ClusterRoles.SchedulerActorName}";
            ActorIdentity identity;
            try
            {
                identity = await node.System.ActorSelection(path).Ask<ActorIdentity>(new Identify(null), timeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException timedOut)
            {
                throw new SchedulerUnavailableException(
                    $"No scheduler answered at {schedulerAddress} within {timeout}: is Rltk.Scheduler.Host running there, " +
                    "is that port reachable from this machine, and do this client's TLS settings match the cluster's?", timedOut);
            }

            var scheduler = identity.Subject ?? throw new SchedulerUnavailableException(
                $"{schedulerAddress} answered, but runs no scheduler: give the address of Rltk.Scheduler.Host, not of a worker.");
            var session = await OpenSessionAsync(node.System, scheduler, timeout, $"The scheduler at {schedulerAddress}").ConfigureAwait(false);
            return new Connection(node, scheduler, session, schedulerAddress, false, timeout);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<ClientSession> OpenSessionAsync(ActorSystem system, IActorRef scheduler, TimeSpan timeout, string who)
    {
        try
        {
            return await ClientSession.OpenAsync(system, scheduler, timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException timedOut)
        {
            throw new SchedulerUnavailableException($"{who} did not open a session within {timeout}.", timedOut);
        }
    }

    private static async Task<TOut> SubmitAsync<TIn, TOut>((RemoteTask<TIn, TOut> Task, Func<TOut> Result) call, TIn argument)
    {
        using var task = call.Task;
        await Task.Run(task.Start).ConfigureAwait(false);
        await task.ComputeAsync(argument).ConfigureAwait(false);
        task.TaskDone();
        await task.JoinAsync().ConfigureAwait(false);
        return call.Result();
    }

    private sealed record Connection(RltkNode Node, IActorRef Scheduler, ClientSession Session, string Address, bool IsEmbedded, TimeSpan Timeout);
}
