using Akka.Actor;
using Akka.Configuration;
using Akka.Routing;
using Rltk.Actors.Flow;
using Rltk.Actors.Hosting;
using Rltk.Actors.Local;

namespace Rltk.Actors;

/// <summary>
/// What <see cref="ParallelProcessor{TIn,TOut}"/> and <see cref="MapReduce{TIn,TOut}"/> share: an actor
/// system of their own with a pool of mapper actors, a feeder in front of it and result actors behind
/// it, and pyrallel's life cycle: <see cref="Start"/>, <see cref="AddTask"/> / <see cref="Map"/>,
/// <see cref="TaskDone"/>, then Join. A processor runs once.
/// </summary>
public abstract class LocalEngine<TIn, TOut> : IAsyncDisposable, IDisposable
{
    private readonly RunLifecycle<Run> _lifecycle;
    private readonly string _systemName;
    private readonly Func<Mapper<TIn, TOut>> _createMapper;
    private readonly bool _keepOutputs;
    private readonly Func<TOut, TOut, TOut>? _combine;

    private protected LocalEngine(
        string systemName,
        int numberOfMappers,
        Func<Mapper<TIn, TOut>> createMapper,
        ProcessorOptions? options,
        bool keepOutputs,
        Func<TOut, TOut, TOut>? combine)
    {
        if (numberOfMappers is <= 0 or > Dispatchers.MaxMappers)
        {
            throw new ArgumentOutOfRangeException(nameof(numberOfMappers), numberOfMappers,
                $"numberOfMappers must be 1 to {Dispatchers.MaxMappers}; Environment.ProcessorCount gives one mapper per core.");
        }

        ArgumentNullException.ThrowIfNull(createMapper);
        Options = options ?? new ProcessorOptions();
        Options.Validate();
        NumberOfMappers = numberOfMappers;
        _systemName = systemName;
        _createMapper = createMapper;
        _keepOutputs = keepOutputs;
        _combine = combine;
        _lifecycle = new RunLifecycle<Run>(this, "processor", "AddTask");
    }

    /// <summary>How many mapper actors run the tasks.</summary>
    public int NumberOfMappers { get; }

    /// <summary>The options this processor was made with.</summary>
    public ProcessorOptions Options { get; }

    /// <summary>The run's actor system, once started; for tests.</summary>
    internal ActorSystem? System => _lifecycle.Current?.System;

    /// <summary>Starts the actor system, the mappers and the result side. Call it once, before the first task.</summary>
    public void Start() => _lifecycle.Start(Launch);

    /// <summary>
    /// Adds one task. Blocks while the mapper queues are full, so memory stays bounded however fast
    /// the caller adds. Safe to call from several threads.
    /// </summary>
    public void AddTask(TIn input)
    {
        var run = _lifecycle.RunFor(nameof(AddTask));
        run.Tracker.ExpectUncounted();
        run.Feeder.Add(input);
    }

    /// <summary>
    /// Adds one task, waiting without blocking a thread while the mapper queues are full. Cancelling
    /// <paramref name="cancellationToken"/> while it waits cancels the run.
    /// </summary>
    public ValueTask AddTaskAsync(TIn input, CancellationToken cancellationToken = default)
    {
        var run = _lifecycle.RunFor(nameof(AddTaskAsync));
        run.Tracker.ExpectUncounted();
        return run.Feeder.AddAsync(input, cancellationToken);
    }

    /// <summary>Adds every element of <paramref name="inputs"/> as a task (pyrallel's <c>map</c>).</summary>
    public void Map(IEnumerable<TIn> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var run = _lifecycle.RunFor(nameof(Map));
        if (inputs.TryGetNonEnumeratedCount(out var count))
        {
            run.Tracker.ExpectInputs(count);
        }
        else
        {
            run.Tracker.ExpectUncounted();
        }

        var feeder = run.Feeder;
        foreach (var input in inputs)
        {
            feeder.Add(input);
        }
    }

    /// <summary>Adds every element of <paramref name="inputs"/> as a task, waiting without blocking a thread.</summary>
    public async Task MapAsync(IAsyncEnumerable<TIn> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var run = _lifecycle.RunFor(nameof(MapAsync));
        run.Tracker.ExpectUncounted();
        var feeder = run.Feeder;
        await foreach (var input in inputs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await feeder.AddAsync(input, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the end of the input: no task may be added after it. Call it once, before Join.</summary>
    public void TaskDone() => _lifecycle.CompleteInput().Feeder.Complete();

    /// <summary>Stops the run if it has not ended, calls every mapper's Exit, and waits for the actor system to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => BlockingWait.On(DisposeAsync().AsTask());

    /// <summary>The result actors that receive the mappers' chunks: chunk i goes to actor i mod count.</summary>
    private protected abstract IReadOnlyList<IActorRef> CreateResultActors(ActorSystem system, WorkTracker tracker);

    /// <summary>
    /// Waits until every task has been through the result side, stops the mappers (their Exit runs) and
    /// starts stopping the actor system (Dispose waits for it), then throws what stopped the run, if anything did.
    /// </summary>
    private protected Task JoinCoreAsync(CancellationToken cancellationToken) => _lifecycle.JoinAsync(cancellationToken);

    private Run Launch()
    {
        var config = ConfigurationFactory
            .ParseString($"{Dispatchers.Mapper}.dedicated-thread-pool.thread-count = {NumberOfMappers}")
            .WithFallback(RltkConfig.Default);
        var settings = LocalSettings.Create(config);
        var tracker = new WorkTracker(
            NumberOfMappers * Options.MaxSizePerMapperQueue,
            NumberOfMappers * Options.MaxSizePerCollectorQueue,
            Options.OnError,
            Options.CancellationToken,
            Options.Total);
        var sizer = Options.BatchSize is int size
            ? BatchSizer.Fixed(size)
            : BatchSizer.Auto(settings.AutoBatchTarget, settings.AutoBatchMax);
        var plan = new MapperPlan<TIn, TOut>(_createMapper, _keepOutputs, _combine, tracker, sizer);

        var system = ActorSystem.Create(_systemName, config);
        var mappers = system.ActorOf(
            Props.Create<MapperActor<TIn, TOut>>(plan)
                .WithDispatcher(Dispatchers.Mapper)
                .WithRouter(new SmallestMailboxPool(NumberOfMappers).WithSupervisorStrategy(StopRunOnCrash(tracker))),
            "mappers");
        var resultActors = CreateResultActors(system, tracker);
        var progress = Options.Progress is { } report
            ? system.ActorOf(
                Props.Create<ProgressActor>(report, tracker, Options.ProgressInterval).WithDispatcher(Dispatchers.Collector),
                "progress")
            : null;

        // Chunk i goes to result actor i mod n, so each can work out from InputComplete how many are its own.
        var feeder = new Feeder<TIn>(
            tracker,
            sizer,
            (chunk, _) =>
            {
                mappers.Tell(chunk, resultActors[(int)(chunk.ChunkId % resultActors.Count)]);
                return ValueTask.CompletedTask;
            },
            chunkCount =>
            {
                foreach (var resultActor in resultActors)
                {
                    resultActor.Tell(new InputComplete(chunkCount));
                }
            });
        return new Run(system, settings, tracker, mappers, progress, feeder);
    }

    /// <summary>A mapper that cannot start (its Enter threw) or crashes is stopped, and so is the run.</summary>
    private static SupervisorStrategy StopRunOnCrash(WorkTracker tracker) =>
        new OneForOneStrategy(Decider.From(crash =>
        {
            tracker.Stop(crash is ActorInitializationException { InnerException: { } enterFailure }
                ? new TaskFailedException(FailureStage.Enter, null, enterFailure)
                : new TaskFailedException(FailureStage.Mapper, null, crash));
            return Directive.Stop;
        }));

    private sealed record Run(
        ActorSystem System,
        LocalSettings Settings,
        WorkTracker Tracker,
        IActorRef Mappers,
        IActorRef? Progress,
        Feeder<TIn> Feeder) : IRun
    {
        /// <summary>Stops the mappers, so that every Exit has run, and the progress reporter, for its last report; then the actor system.</summary>
        public async Task StopAsync()
        {
            var timeout = Settings.ShutdownTimeout;
            try
            {
                await Mappers.GracefulStop(timeout).ConfigureAwait(false);
                if (Progress is { } progress)
                {
                    await progress.GracefulStop(timeout).ConfigureAwait(false);
                }
            }
            catch (Exception stuck)
            {
                Tracker.Stop(new TimeoutException(
                    $"The mappers did not stop within {timeout}: a task or a Mapper.Exit() is still running.", stuck));
            }

            _ = System.Terminate();
        }

        public async ValueTask DisposeAsync() =>
            await System.Terminate().WaitAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
    }
}
