using System.Collections.Concurrent;
using System.Reflection;
using Akka.Actor;
using Rltk.Actors.Client;
using Rltk.Actors.Flow;
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

    // How many calls of one MapAsync are in flight at once: enough to keep any cluster busy, few enough to bound memory.
    private const int MapWindow = 10_000;

    private readonly SchedulerLink _scheduler;
    private readonly ConcurrentDictionary<(MethodInfo, Type, Type), Lazy<Task<object>>> _callStreams = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>Starts an embedded cluster in this process: a scheduler and one mapper per core.</summary>
    public Remote()
        : this(new RemoteOptions())
    {
    }

    /// <summary>Starts an embedded cluster in this process, sized and configured by <paramref name="options"/>.</summary>
    public Remote(RemoteOptions options)
        : this(BlockingWait.On(StartEmbeddedCoreAsync(options)))
    {
    }

    /// <inheritdoc cref="Remote(RemoteOptions)"/>
    public static async Task<Remote> StartEmbeddedAsync(RemoteOptions? options = null) =>
        new(await StartEmbeddedCoreAsync(options ?? new RemoteOptions()).ConfigureAwait(false));

    /// <inheritdoc cref="Remote(string, RemoteOptions?)"/>
    public static async Task<Remote> ConnectAsync(string address, RemoteOptions? options = null) =>
        new(await ConnectCoreAsync(address, options).ConfigureAwait(false));

    /// <summary>
    /// Connects to the scheduler at <paramref name="address"/> (<c>"host:port"</c>, as given to
    /// <c>Rltk.Worker.Host</c>); throws <see cref="SchedulerUnavailableException"/> when no scheduler
    /// answers within <see cref="RemoteOptions.ConnectTimeout"/>.
    /// </summary>
    public Remote(string address, RemoteOptions? options = null)
        : this(BlockingWait.On(ConnectCoreAsync(address, options)))
    {
    }

    private Remote(Started started)
    {
        (SchedulerAddress, ConnectTimeout) = (started.Address, started.Timeout);
        _scheduler = new SchedulerLink(started.Scheduler, started.Node, started.Finder, started.Address, started.Timeout, _disposing.Token);
        MessageLimits = ClusterSettings.Create(System.Settings.Config).Messages;
    }

    /// <summary>The scheduler's <c>host:port</c>.</summary>
    public string SchedulerAddress { get; }

    /// <summary>True when this Remote runs its own embedded cluster.</summary>
    public bool IsEmbedded => !_scheduler.CanLocateAgain;

    /// <summary>How long calls that need the scheduler's answer wait for it.</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>This client's node as last found: a new one replaces it when the scheduler refused the old one for good.</summary>
    internal ActorSystem System => Connection.System;

    /// <summary>The scheduler and this client's session there, as last found (see <see cref="ConnectionAsync"/>).</summary>
    internal SchedulerConnection Connection => _scheduler.Current;

    /// <summary>Cancelled when this Remote is disposed: its tasks then end as cancelled, not as having lost their scheduler.</summary>
    internal CancellationToken Disposing => _disposing.Token;

    /// <summary>How large a message to the cluster may be: chunks are cut to fit.</summary>
    internal MessageLimits MessageLimits { get; }

    /// <summary>
    /// Gives files to every worker (rltk's <c>add_dependencies</c>): a data file, a native library. Each
    /// worker places them in a folder of this Remote's session, for the tasks started after this call;
    /// handlers find them with <see cref="Dependencies.PathOf"/>. Files are deleted when this Remote is disposed.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public void AddDependencies(params string[] paths) => BlockingWait.On(AddDependenciesAsync(paths));

    /// <inheritdoc cref="AddDependencies"/>
    public async Task AddDependenciesAsync(params string[] paths)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            await _scheduler.AddDependencyAsync(path).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts <paramref name="value"/> on every worker once (dask's <c>scatter</c>), for the tasks started
    /// after this call: a handler captures the handle and reads <see cref="Scattered{T}.Value"/>, instead
    /// of the value travelling with the handler or with each chunk.
    /// </summary>
    public Scattered<T> Scatter<T>(T value) => BlockingWait.On(ScatterAsync(value));

    /// <inheritdoc cref="Scatter{T}"/>
    public async Task<Scattered<T>> ScatterAsync<T>(T value)
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

        var connection = await ConnectionAsync().ConfigureAwait(false);
        return new Scattered<T>(await connection.Session.ScatterAsync(serialized, value.GetType()).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs one call of <paramref name="function"/> on a worker (dask's <c>submit</c>); the task completes
    /// with its result, or faults with a <see cref="TaskFailedException"/>. Cancelling cancels the task at
    /// once; the call does not run if it has not started when the cancellation reaches its worker. Never
    /// blocks: thousands of calls at once are normal, and go to the cluster in shared chunks.
    /// </summary>
    /// <exception cref="ArgumentException">The function captures a value that cannot be sent to the workers (named).</exception>
    public Task<TOut> SubmitAsync<TOut>(Func<TOut> function, CancellationToken cancellationToken = default)
        => Submit<bool, TOut>(function, true, cancellationToken);

    /// <summary>Runs an async <paramref name="function"/> on a worker, which waits for its task; the task returned here completes with its result.</summary>
    /// <inheritdoc cref="SubmitAsync{TOut}(Func{TOut}, CancellationToken)"/>
    public Task<TOut> SubmitAsync<TOut>(Func<Task<TOut>> function, CancellationToken cancellationToken = default)
        => Submit<bool, TOut>(function, true, cancellationToken);

    /// <summary>Runs <paramref name="function"/> on <paramref name="argument"/> on a worker; see <see cref="SubmitAsync{TOut}(Func{TOut}, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentException">The function captures, or the argument is, a value that cannot be sent to the workers (named).</exception>
    public Task<TOut> SubmitAsync<TIn, TOut>(Func<TIn, TOut> function, TIn argument, CancellationToken cancellationToken = default)
        => Submit<TIn, TOut>(function, argument, cancellationToken);

    /// <summary>Runs an async <paramref name="function"/> on <paramref name="argument"/> on a worker, which waits for its task.</summary>
    /// <inheritdoc cref="SubmitAsync{TIn, TOut}(Func{TIn, TOut}, TIn, CancellationToken)"/>
    public Task<TOut> SubmitAsync<TIn, TOut>(Func<TIn, Task<TOut>> function, TIn argument, CancellationToken cancellationToken = default)
        => Submit<TIn, TOut>(function, argument, cancellationToken);

    /// <summary>
    /// Runs <paramref name="function"/> on every input on the workers (dask's <c>map</c> and <c>gather</c>):
    /// the results come back in the order of the inputs; the first failure faults the task.
    /// </summary>
    public Task<TOut[]> MapAsync<TIn, TOut>(Func<TIn, TOut> function, IEnumerable<TIn> inputs, CancellationToken cancellationToken = default)
    {
        ThrowIfCannotCall<TOut>(function);
        return MapCallsAsync<TIn, TOut>(function, inputs, cancellationToken);
    }

    /// <summary>Runs an async <paramref name="function"/> on every input on the workers, which wait for its tasks; see <see cref="MapAsync{TIn, TOut}(Func{TIn, TOut}, IEnumerable{TIn}, CancellationToken)"/>.</summary>
    public Task<TOut[]> MapAsync<TIn, TOut>(Func<TIn, Task<TOut>> function, IEnumerable<TIn> inputs, CancellationToken cancellationToken = default)
    {
        ThrowIfCannotCall<TOut>(function);
        return MapCallsAsync<TIn, TOut>(function, inputs, cancellationToken);
    }

    /// <summary>One call of <paramref name="function"/>, of any of the SubmitAsync forms: checked here, before any task exists.</summary>
    private Task<TOut> Submit<TIn, TOut>(Delegate function, TIn argument, CancellationToken cancellationToken)
    {
        ThrowIfCannotCall<TOut>(function);
        return CallAsync<TIn, TOut>(function, HandlerShipping.SerializeTarget(function), argument, SerializeArgument(argument), cancellationToken);
    }

    /// <summary>Calls of <paramref name="function"/> may go: this Remote is open, and what the function returns can travel back.</summary>
    private void ThrowIfCannotCall<TOut>(Delegate function)
    {
        ThrowIfDisposed();
        HandlerShipping.ThrowIfTaskOutput<TOut>(function);
    }

    private async Task<TOut[]> MapCallsAsync<TIn, TOut>(Delegate function, IEnumerable<TIn> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var target = HandlerShipping.SerializeTarget(function);
        var stream = await CallStreamOf<TIn, TOut>(function).ConfigureAwait(false);
        using var window = new SemaphoreSlim(MapWindow);
        var calls = new List<Task<TOut>>();
        foreach (var input in inputs)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            var argument = SerializeArgument(input);
            Task<TOut>? call;
            while ((call = stream.CallAsync(target, argument, input, cancellationToken)) is null)
            {
                stream = await CallStreamOf<TIn, TOut>(function).ConfigureAwait(false);
            }

            _ = call.ContinueWith(_ => window.Release(), TaskScheduler.Default);
            calls.Add(call);
        }

        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>
    /// What the cluster is doing (dask's <c>scheduler_info</c>): the scheduler's address and uptime, its workers
    /// (mappers, chunks running, inputs done, CPU, memory), the open tasks of every client (inputs submitted,
    /// completed, failed; chunks queued and running; rate), the connected clients, the throughput of the last
    /// minutes and the last failures. The dashboard serves the same as JSON.
    /// </summary>
    public async Task<ClusterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        try
        {
            var connection = await ConnectionAsync().ConfigureAwait(false);
            return await connection.Scheduler.Ask<ClusterStatus>(GetClusterStatus.Instance, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException timeout)
        {
            throw new SchedulerUnavailableException($"The scheduler at {SchedulerAddress} did not answer within {ConnectTimeout}.", timeout);
        }
    }

    /// <summary>
    /// The results of <paramref name="calls"/> (of <see cref="SubmitAsync{TIn,TOut}(Func{TIn,TOut},TIn,CancellationToken)"/>, say) as they complete,
    /// not in the order given (dask's <c>as_completed</c>); a failed call throws when its turn comes.
    /// </summary>
    public static async IAsyncEnumerable<T> AsCompleted<T>(IEnumerable<Task<T>> calls)
    {
        await foreach (var call in Task.WhenEach(calls).ConfigureAwait(false))
        {
            yield return await call.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Leaves: tasks still running fail with <see cref="OperationCanceledException"/>. An embedded
    /// cluster's workers first finish the chunks they hold.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _disposing.CancelAsync().ConfigureAwait(false);
            // Workers unload this session's code now; a vanished client's session ends when the scheduler notices.
            Connection.Scheduler.Tell(new CloseSession(Connection.Session.Id));
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => BlockingWait.On(DisposeAsync().AsTask());

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>The scheduler and this client's session there, found again if its connection is in doubt (see <see cref="SchedulerLink"/>).</summary>
    /// <exception cref="SchedulerUnavailableException">No scheduler answers at the address (now), or the embedded one has stopped.</exception>
    internal Task<SchedulerConnection> ConnectionAsync()
    {
        ThrowIfDisposed();
        return _scheduler.ConnectionAsync();
    }

    /// <summary>
    /// How a task's receiver opens the task again after its scheduler was lost, on the scheduler found at the
    /// address then (restarted, or a standby): given the lost scheduler and the receiver, it ships the task's
    /// <paramref name="code"/> there, opens the task with the same id and receiver, and returns the new scheduler.
    /// None for an embedded cluster, which cannot come back.
    /// </summary>
    internal Func<IActorRef, IActorRef, IReadOnlyList<long>, Task<IActorRef>>? ReopenerOf(
        SchedulerConnection opened, Guid taskId, string name, HandlerSpec handler, IReadOnlyCollection<Assembly> code) =>
        !_scheduler.CanLocateAgain
            ? null
            : async (lost, receiver, cancelledCalls) =>
            {
                if (_scheduler.Current is { } current && current.Scheduler.Equals(lost))
                {
                    current.Lose();
                }

                var connection = await _scheduler.ConnectionAsync().ConfigureAwait(false);
                if (connection.System != opened.System)
                {
                    throw new SchedulerUnavailableException(
                        "this client's node and the scheduler dropped each other, and the Remote goes on from a new node: the work in flight on " +
                        "the old one is lost, run it again.");
                }

                var files = await connection.Session.FilesForAsync(code).ConfigureAwait(false);
                await OpenTaskAsync(connection, new OpenTask(taskId, connection.Session.Id, name, handler, files, receiver, cancelledCalls)).ConfigureAwait(false);
                return connection.Scheduler;
            };

    /// <summary>Opens a task on the scheduler; throws what it refused, or <see cref="SchedulerUnavailableException"/> when it does not answer.</summary>
    internal async Task OpenTaskAsync(SchedulerConnection connection, OpenTask open)
    {
        object answer;
        try
        {
            answer = await connection.Scheduler.Ask(open, ConnectTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException timeout)
        {
            throw new SchedulerUnavailableException($"The scheduler at {SchedulerAddress} did not open the task within {ConnectTimeout}.", timeout);
        }

        if (answer is TaskRefused refused)
        {
            throw new InvalidOperationException($"The scheduler refused the task: {refused.Reason}.");
        }
    }

    private async Task<TOut> CallAsync<TIn, TOut>(Delegate function, byte[]? target, TIn input, byte[] argument, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stream = await CallStreamOf<TIn, TOut>(function).ConfigureAwait(false);
            if (stream.CallAsync(target, argument, input, cancellationToken) is { } call)
            {
                return await call.ConfigureAwait(false);
            }
        }
    }

    /// <summary>The open call stream of a function, opened by the first call of it; one that broke, or whose scheduler was replaced, is opened anew.</summary>
    private async Task<CallStream<TIn, TOut>> CallStreamOf<TIn, TOut>(Delegate function)
    {
        var key = (function.Method, typeof(TIn), typeof(TOut));
        while (true)
        {
            ThrowIfDisposed();
            var opening = _callStreams.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await CallStream<TIn, TOut>.OpenAsync(this, function).ConfigureAwait(false)));
            CallStream<TIn, TOut> stream;
            try
            {
                stream = (CallStream<TIn, TOut>)await opening.Value.ConfigureAwait(false);
            }
            catch
            {
                _callStreams.TryRemove(new KeyValuePair<(MethodInfo, Type, Type), Lazy<Task<object>>>(key, opening));
                throw;
            }

            // A live connection is the current one: only one in doubt needs the (allocating) look at the link.
            if (!stream.IsBroken && (!stream.Connection.IsInDoubt || stream.Connection == await ConnectionAsync().ConfigureAwait(false)))
            {
                return stream;
            }

            if (_callStreams.TryRemove(new KeyValuePair<(MethodInfo, Type, Type), Lazy<Task<object>>>(key, opening)) && !stream.IsBroken)
            {
                stream.Retire();
            }
        }
    }

    /// <summary>A call's argument for the workers; an <see cref="ArgumentException"/> names one that cannot be sent.</summary>
    private byte[] SerializeArgument<T>(T argument)
    {
        byte[] serialized;
        try
        {
            serialized = PayloadSerializer.Shared.Serialize(argument);
        }
        catch (Exception failure)
        {
            throw new ArgumentException(
                $"The argument {TaskFailedException.Show(argument)} cannot be serialized to send it to a worker: {failure.GetType().Name}: {failure.Message}",
                nameof(argument));
        }

        return serialized.Length <= MessageLimits.MaxBytes
            ? serialized
            : throw new ArgumentException(
                $"The argument {TaskFailedException.Show(argument)} is {MessageLimits.Describe(serialized.Length)}.", nameof(argument));
    }

    private static async Task<Started> StartEmbeddedCoreAsync(RemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var overrides = options.Overrides;
        var settings = ClusterSettings.Validate(overrides);
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
            var connection = await SchedulerConnection.OpenAsync(node.System, scheduler, timeout, "The embedded cluster's scheduler").ConfigureAwait(false);
            return new Started(node, connection, null, $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}", timeout);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Started> ConnectCoreAsync(string address, RemoteOptions? options)
    {
        options ??= new RemoteOptions();
        options.Validate();
        var (named, port) = Addresses.ParseAddress(address);
        // One address for the scheduler everywhere: a name is resolved once, as the hosts resolve theirs.
        var host = Addresses.Canonical(named);
        var overrides = options.Overrides;
        var settings = ClusterSettings.Validate(overrides);
        var timeout = options.ConnectTimeout ?? settings.ConnectTimeout;
        var finder = new SchedulerFinder(
            (system, within) => SchedulerLocator.LocateAsync(system, settings.SystemName, host, port, within, options.Tls is not null, foundBefore: true),
            () => RltkNode.StartAsync(
                ClientSystemName, options.Logging, builder => builder.WithRltkClient(Addresses.LocalAddressTowards(host, port), options.Tls, overrides)));
        var node = await finder.StartNode().ConfigureAwait(false);
        var schedulerAddress = $"{host}:{port}";
        try
        {
            var scheduler = await SchedulerLocator.LocateAsync(node.System, settings.SystemName, host, port, timeout, options.Tls is not null).ConfigureAwait(false);
            var connection = await SchedulerConnection.OpenAsync(node.System, scheduler, timeout, $"The scheduler at {schedulerAddress}").ConfigureAwait(false);
            return new Started(node, connection, finder, schedulerAddress, timeout);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What a Remote starts with: its node, the scheduler it found, how to find it again (none for an embedded cluster's).</summary>
    private sealed record Started(RltkNode Node, SchedulerConnection Scheduler, SchedulerFinder? Finder, string Address, TimeSpan Timeout);
}
