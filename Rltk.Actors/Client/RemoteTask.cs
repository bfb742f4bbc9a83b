using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Rltk.Actors.Client;
using Rltk.Actors.Flow;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors;

/// <summary>
/// A task run on a cluster (rltk's <c>rltk.remote.Task</c>): <see cref="Compute"/> gathers inputs into
/// chunks of <c>chunkSize</c> and sends them through the scheduler to the workers, where the input
/// handler runs in mapper actors; every result comes back to one collector actor in this process, which
/// calls the output handler for each output, one at a time. At most <c>maxQueueSize</c> chunks are in
/// flight: beyond that, <see cref="Compute"/> blocks and <see cref="ComputeAsync"/> waits.
/// A task runs once: <see cref="Start"/>, <see cref="Compute"/>…, <see cref="TaskDone"/>, <see cref="Join"/>.
/// </summary>
/// <remarks>
/// The input handler is shipped to the workers as the method it calls and the values it captures
/// (serialized with Hyperion); <see cref="Start"/> ships the assemblies it needs to the workers, once
/// per worker, so that workers run code they were never deployed with.
/// A chunk whose worker is lost is run again elsewhere; the output handler still sees each result once.
/// </remarks>
public sealed class RemoteTask<TIn, TOut> : IAsyncDisposable, IDisposable
{
    private readonly RunLifecycle<Run> _lifecycle;
    private readonly Remote _remote;
    private readonly HandlerSpec _handler;
    private readonly IReadOnlyCollection<Assembly> _code;
    private Action<TOut>? _outputHandler;
    private Channel<TOut>? _results;
    private readonly int _chunkSize;
    private readonly int _maxQueueSize;
    private readonly RemoteTaskOptions _options;
    private readonly Action<TaskReduced>? _reduced;

    /// <summary>A task whose input handler is a function (a static method or a lambda).</summary>
    public RemoteTask(
        Remote remote, Func<TIn, TOut> inputHandler, Action<TOut>? outputHandler = null,
        int chunkSize = 1000, int maxQueueSize = 10, RemoteTaskOptions? options = null)
        : this(remote, HandlerShipping.Describe<TIn, TOut>(inputHandler, HandlerKind.Function),
            AssemblyClosure.RootsOf(inputHandler, typeof(TIn), typeof(TOut)), outputHandler, chunkSize, maxQueueSize, options,
            HandlerShipping.NameOf(inputHandler))
    {
    }

    /// <summary>
    /// A task whose input handler is an async function: a worker's mapper waits for each input's task, and
    /// the output handler gets its result.
    /// </summary>
    public RemoteTask(
        Remote remote, Func<TIn, Task<TOut>> inputHandler, Action<TOut>? outputHandler = null,
        int chunkSize = 1000, int maxQueueSize = 10, RemoteTaskOptions? options = null)
        : this(remote, HandlerShipping.Describe<TIn, TOut>(inputHandler, HandlerKind.Function),
            AssemblyClosure.RootsOf(inputHandler, typeof(TIn), typeof(TOut)), outputHandler, chunkSize, maxQueueSize, options,
            HandlerShipping.NameOf(inputHandler))
    {
    }

    /// <summary>
    /// A task whose input handler is a <see cref="Mapper{TIn,TOut}"/> class, made on each worker mapper
    /// by <paramref name="createMapper"/>: its Enter and Exit run there once per mapper, for example to
    /// open the shared data store records are read from.
    /// </summary>
    public RemoteTask(
        Remote remote, Func<Mapper<TIn, TOut>> createMapper, Action<TOut>? outputHandler = null,
        int chunkSize = 1000, int maxQueueSize = 10, RemoteTaskOptions? options = null)
        : this(remote, HandlerShipping.Describe<TIn, TOut>(createMapper, HandlerKind.MapperFactory),
            AssemblyClosure.RootsOf(createMapper, typeof(TIn), typeof(TOut)), outputHandler, chunkSize, maxQueueSize, options,
            HandlerShipping.NameOf(createMapper))
    {
    }

    /// <summary>A task of a handler already described for shipping, whose code is declared in <paramref name="code"/>.</summary>
    internal RemoteTask(
        Remote remote, HandlerSpec handler, IReadOnlyCollection<Assembly> code, Action<TOut>? outputHandler, int chunkSize, int maxQueueSize,
        RemoteTaskOptions? options, string? name = null, Action<TaskReduced>? reduced = null)
    {
        _reduced = reduced;
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxQueueSize);
        (_remote, _handler, _code, _outputHandler, _chunkSize, _maxQueueSize) = (remote, handler, code, outputHandler, chunkSize, maxQueueSize);
        _options = options ?? new RemoteTaskOptions();
        _options.Validate();
        Name = $"RemoteTask<{typeof(TIn).Name}, {typeof(TOut).Name}> of {name ?? handler.DeclaringType.Split(',')[0]}";
        _lifecycle = new RunLifecycle<Run>(this, "task", "Compute");
    }

    /// <summary>What the task runs, as the cluster's status shows it.</summary>
    public string Name { get; }

    /// <summary>
    /// Opens the task on the scheduler, after shipping the assemblies its handler needs (those not
    /// shipped before by this Remote). Call it once, before the first <see cref="Compute"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">An assembly the handler depends on cannot be found in this process.</exception>
    public void Start() => BlockingWait.On(StartAsync());

    /// <inheritdoc cref="Start"/>
    public Task StartAsync()
    {
        _remote.ThrowIfDisposed();
        return _lifecycle.StartAsync(OpenAsync);
    }

    /// <summary>
    /// The results as they complete (dask's <c>as_completed</c>), instead of an output handler: call it
    /// before <see cref="Start"/>, then enumerate while the inputs go in (from another task or thread);
    /// the enumeration ends after the last result, or throws what stopped the task. At most
    /// <c>maxQueueSize</c> chunks of results wait for the enumeration: a slow reader slows the task
    /// instead of filling memory.
    /// </summary>
    /// <exception cref="InvalidOperationException">The task has an output handler, or has started.</exception>
    public IAsyncEnumerable<TOut> ResultsAsync(CancellationToken cancellationToken = default)
    {
        if (_outputHandler is not null && _results is null)
        {
            throw new InvalidOperationException("This task has an output handler, which receives its results: read them there, or make the task without one.");
        }

        if (_lifecycle.Current is not null && _results is null)
        {
            throw new InvalidOperationException("Call ResultsAsync() before Start(): a started task without an output handler drops its results.");
        }

        if (_results is null)
        {
            var results = Channel.CreateBounded<TOut>(new BoundedChannelOptions(_chunkSize * _maxQueueSize) { SingleWriter = true });
            // The collector, on a thread of its own, waits while the reader is behind.
            _outputHandler = output => results.Writer.WriteAsync(output).AsTask().GetAwaiter().GetResult();
            _results = results;
        }

        return _results.Reader.ReadAllAsync(cancellationToken);
    }

    /// <summary>Sends one input to the cluster. Blocks while <c>maxQueueSize</c> chunks are in flight. Safe to call from several threads.</summary>
    /// <exception cref="ArgumentException">An input of the chunk this call completed cannot be serialized; the task stops.</exception>
    public void Compute(TIn input) => _lifecycle.RunFor(nameof(Compute)).Feeder.Add(input);

    /// <summary>Sends one input, waiting without blocking a thread while <c>maxQueueSize</c> chunks are in flight.</summary>
    public ValueTask ComputeAsync(TIn input, CancellationToken cancellationToken = default) =>
        _lifecycle.RunFor(nameof(ComputeAsync)).Feeder.AddAsync(input, cancellationToken);

    /// <summary>Marks the end of the input and sends the last chunk. Call it once, before Join.</summary>
    public void TaskDone() => _lifecycle.CompleteInput().Feeder.Complete();

    /// <summary>Waits until every result has been through the output handler; throws what stopped the task, if anything did.</summary>
    public void Join() => BlockingWait.On(JoinAsync());

    /// <inheritdoc cref="Join"/>
    public Task JoinAsync(CancellationToken cancellationToken = default) => _lifecycle.JoinAsync(cancellationToken);

    /// <summary>Cancels the task if it has not ended: the scheduler drops its queued chunks.</summary>
    public ValueTask DisposeAsync() => _lifecycle.DisposeAsync();

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => BlockingWait.On(DisposeAsync().AsTask());

    private async Task<Run> OpenAsync()
    {
        var taskId = Guid.NewGuid();
        var connection = await _remote.ConnectionAsync().ConfigureAwait(false);
        IReadOnlyList<SessionFile> files;
        try
        {
            files = await connection.Session.FilesForAsync(_code).ConfigureAwait(false);
        }
        catch (AskTimeoutException timeout)
        {
            throw new SchedulerUnavailableException(
                $"The scheduler at {_remote.SchedulerAddress} did not take the task's code within {_remote.ConnectTimeout}.", timeout);
        }

        var tracker = new WorkTracker(_maxQueueSize, resultBound: 1, _options.OnError, _options.CancellationToken, _options.Total);
        var collector = connection.System.ActorOf(
            Props.Create<CollectorActor<TOut>>(_outputHandler, tracker, new Action(tracker.ReleaseChunkSlot), AllTaken(connection.Scheduler, taskId, tracker))
                .WithDispatcher(Dispatchers.Collector),
            $"task-{taskId:N}");
        var receiver = connection.System.ActorOf(
            Props.Create<ResultReceiverActor<TOut>>(
                connection.Scheduler, _remote.MessageLimits, collector, tracker, _outputHandler is not null, _remote.Disposing, _reduced,
                // A reduce task's folded values live on the workers of its cluster: it cannot go on elsewhere.
                _handler.Kind == HandlerKind.Reduce ? null : _remote.ReopenerOf(connection, taskId, Name, _handler, _code)),
            $"task-{taskId:N}-results");
        var feeder = new Feeder<TIn>(
            tracker,
            BatchSizer.Fixed(_chunkSize),
            (chunk, cancellation) => SubmitAsync(taskId, chunk, tracker, receiver, cancellation),
            chunkCount => collector.Tell(new InputComplete(chunkCount)));
        var progress = _options.Progress is { } report
            ? connection.System.ActorOf(
                Props.Create<ProgressActor>(report, tracker, _options.ProgressInterval).WithDispatcher(Dispatchers.Collector), $"task-{taskId:N}-progress")
            : null;
        var run = new Run(_remote, taskId, tracker, collector, receiver, progress, feeder);
        try
        {
            await _remote.OpenTaskAsync(connection, new OpenTask(taskId, connection.Session.Id, Name, _handler, files, receiver)).ConfigureAwait(false);
        }
        catch (Exception notOpened)
        {
            tracker.Stop(notOpened);
            await run.StopAsync().ConfigureAwait(false);
            tracker.Release();
            throw;
        }

        if (_results is { } results)
        {
            _ = tracker.Outcome.ContinueWith(outcome => results.Writer.TryComplete(outcome.Exception?.InnerException), TaskScheduler.Default);
        }

        return run;
    }

    /// <summary>
    /// What to do once the collector has every chunk: the task is complete — unless it is a reduce task, whose
    /// value is then combined on the workers (and completes the task when it comes).
    /// </summary>
    private Action AllTaken(IActorRef scheduler, Guid taskId, WorkTracker tracker) => _handler.Kind == HandlerKind.Reduce
        ? () => scheduler.Tell(new CombineContexts(taskId), ActorRefs.NoSender)
        : tracker.Complete;

    /// <summary>
    /// Sends a chunk, cut into parts when its inputs are too large for one message. Each part beyond the first
    /// takes a slot of its own, so that the bytes in flight stay bounded however large the records.
    /// </summary>
    private async ValueTask SubmitAsync(Guid taskId, WorkChunk<TIn> chunk, WorkTracker tracker, IActorRef receiver, CancellationToken cancellation)
    {
        IReadOnlyList<(byte[] Bytes, int Count)> parts;
        try
        {
            parts = PayloadSerializer.Shared.SerializeInputs(chunk.Inputs, _remote.MessageLimits);
        }
        catch (ArgumentException unsendable)
        {
            tracker.Stop(unsendable);
            throw;
        }

        for (var part = 0; part < parts.Count; part++)
        {
            if (part > 0)
            {
                await tracker.AcquireChunkSlotAsync(cancellation).ConfigureAwait(false);
            }

            // Through the task's client, which sends it on with others, so the scheduler sees OpenTask, the chunks, deliveries and CloseTask in order.
            receiver.Tell(new SubmitChunk(taskId, new ChunkKey(chunk.ChunkId, part, parts.Count), parts[part].Bytes, parts[part].Count));
        }
    }

    private sealed class Run(
        Remote remote, Guid taskId, WorkTracker tracker, IActorRef collector, IActorRef receiver, IActorRef? progress, Feeder<TIn> feeder)
        : IRun
    {
        public WorkTracker Tracker { get; } = tracker;

        public Feeder<TIn> Feeder { get; } = feeder;

        /// <summary>Closes the task on the cluster, and stops its actors; the progress reporter first makes its last report.</summary>
        public async Task StopAsync()
        {
            receiver.Tell(new CloseTask(taskId));
            receiver.Tell(PoisonPill.Instance);
            collector.Tell(PoisonPill.Instance);
            if (progress is not null)
            {
                try
                {
                    await progress.GracefulStop(remote.ConnectTimeout).ConfigureAwait(false);
                }
                catch (TaskCanceledException)
                {
                    // Its last report is late: the task is over all the same.
                }
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
