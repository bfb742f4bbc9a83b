using Akka;
using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Hosting;
using Rltk.Actors.Mapping;

namespace Rltk.Actors;

/// <summary>
/// pyrallel's ParallelProcessor on actors: <see cref="LocalEngine{TIn,TOut}.NumberOfMappers"/> mapper
/// actors in a router pool run the mapper on threads of their own, and one collector actor calls the
/// collector for every output, never concurrently, in no particular order.
/// </summary>
/// <example>
/// <code>
/// var pp = new ParallelProcessor&lt;int, int&gt;(8, mapper: x => x * x, collector: r => results.Add(r));
/// pp.Start();
/// for (var i = 0; i &lt; 8; i++) pp.AddTask(i);
/// pp.TaskDone();
/// pp.Join();
/// </code>
/// </example>
public class ParallelProcessor<TIn, TOut> : LocalEngine<TIn, TOut>
{
    private readonly Action<TOut>? _collector;

    /// <summary>A processor whose mapper is a function of the task input.</summary>
    public ParallelProcessor(int numberOfMappers, Func<TIn, TOut> mapper, Action<TOut>? collector = null, ProcessorOptions? options = null)
        : this(numberOfMappers, Mappers.From(mapper), collector, options)
    {
    }

    /// <summary>A processor whose mapper is an async function of the task input: each mapper waits for its task, and the collector gets its result.</summary>
    public ParallelProcessor(int numberOfMappers, Func<TIn, Task<TOut>> mapper, Action<TOut>? collector = null, ProcessorOptions? options = null)
        : this(numberOfMappers, Mappers.FromAsync(mapper), collector, options)
    {
    }

    /// <summary>
    /// A processor whose mapper also receives the index of the mapper running it, 0 to
    /// <paramref name="numberOfMappers"/> - 1 (pyrallel's <c>enable_process_id</c>).
    /// </summary>
    public ParallelProcessor(int numberOfMappers, Func<int, TIn, TOut> mapper, Action<TOut>? collector = null, ProcessorOptions? options = null)
        : this(numberOfMappers, Mappers.From(mapper), collector, options)
    {
    }

    /// <summary>A processor whose mappers are instances of a <see cref="Mapper{TIn,TOut}"/> class, one per mapper actor.</summary>
    public ParallelProcessor(int numberOfMappers, Func<Mapper<TIn, TOut>> mapper, Action<TOut>? collector = null, ProcessorOptions? options = null)
        : base("rltk-parallel-processor", numberOfMappers, mapper, options, keepOutputs: collector is not null, combine: null)
    {
        _collector = collector;
    }

    /// <summary>Blocks until every task has been mapped and collected, then stops the actors; throws what stopped the run.</summary>
    public void Join() => BlockingWait.On(JoinAsync());

    /// <summary>
    /// Waits until every task has been mapped and collected, then stops the actors; throws what stopped
    /// the run. Cancelling <paramref name="cancellationToken"/> stops the wait, not the run.
    /// </summary>
    public Task JoinAsync(CancellationToken cancellationToken = default) => JoinCoreAsync(cancellationToken);

    private protected override IReadOnlyList<IActorRef> CreateResultActors(ActorSystem system, WorkTracker tracker) =>
    [
        system.ActorOf(
            Props.Create<CollectorActor<TOut>>(_collector, tracker, new Action(tracker.ReleaseResultSlot), new Action(tracker.Complete)).WithDispatcher(Dispatchers.Collector),
            "collector"),
    ];
}

/// <summary>A <see cref="ParallelProcessor{TIn,TOut}"/> whose mapper returns nothing, so there is no collector.</summary>
public sealed class ParallelProcessor<TIn> : ParallelProcessor<TIn, NotUsed>
{
    /// <summary>A processor whose mapper is an action on the task input.</summary>
    public ParallelProcessor(int numberOfMappers, Action<TIn> mapper, ProcessorOptions? options = null)
        : base(numberOfMappers, Mappers.From(mapper), collector: null, options)
    {
    }

    /// <summary>A processor whose mapper also receives the index of the mapper running it (pyrallel's <c>enable_process_id</c>).</summary>
    public ParallelProcessor(int numberOfMappers, Action<int, TIn> mapper, ProcessorOptions? options = null)
        : base(numberOfMappers, Mappers.From(mapper), collector: null, options)
    {
    }

    /// <summary>A processor whose mappers are instances of a <see cref="Mapper{TIn}"/> class, one per mapper actor.</summary>
    public ParallelProcessor(int numberOfMappers, Func<Mapper<TIn>> mapper, ProcessorOptions? options = null)
        : base(numberOfMappers, Mappers.From(mapper), collector: null, options)
    {
    }
}
