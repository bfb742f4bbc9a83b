using System.Runtime.CompilerServices;
using Akka;

namespace Rltk.Actors.Mapping;

/// <summary>
/// Every form of mapper a user may give — a function of the input, of the mapper index and the input, an
/// action, a mapper class — as the one form the engines run: a factory of
/// <see cref="Mapper{TIn,TOut}"/>, called once per mapper actor, local or on a worker.
/// </summary>
internal static class Mappers
{
    public static Func<Mapper<TIn, TOut>> From<TIn, TOut>(Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return () => new DelegateMapper<TIn, TOut>((_, input) => map(input));
    }

    /// <summary>An async function: the mapper's thread waits for each input's task, as it waits for a synchronous call.</summary>
    public static Func<Mapper<TIn, TOut>> FromAsync<TIn, TOut>(Func<TIn, Task<TOut>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return From<TIn, TOut>(input => map(input).GetAwaiter().GetResult());
    }

    public static Func<Mapper<TIn, TOut>> From<TIn, TOut>(Func<int, TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return () => new DelegateMapper<TIn, TOut>(map);
    }

    public static Func<Mapper<TIn, NotUsed>> From<TIn>(Action<TIn> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ThrowIfAsyncVoid(handle);
        return From<TIn>((_, input) => handle(input));
    }

    public static Func<Mapper<TIn, NotUsed>> From<TIn>(Action<int, TIn> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ThrowIfAsyncVoid(handle);
        return () => new DelegateMapper<TIn, NotUsed>((index, input) =>
        {
            handle(index, input);
            return NotUsed.Instance;
        });
    }

    public static Func<Mapper<TIn, NotUsed>> From<TIn>(Func<Mapper<TIn>> createMapper)
    {
        ArgumentNullException.ThrowIfNull(createMapper);
        return () => new OutputlessMapper<TIn>(createMapper());
    }

    /// <summary>
    /// Refuses an async lambda or method that returns nothing (<c>async void</c>): it returns at its first
    /// await, so the engine would count the input done while it runs on, and its exception would end the process.
    /// </summary>
    private static void ThrowIfAsyncVoid(Delegate handle)
    {
        if (handle.Method.IsDefined(typeof(AsyncStateMachineAttribute), inherit: false))
        {
            throw new ArgumentException(
                "The mapper is async and returns nothing (async void): nothing could wait for it, and an exception in it would " +
                "end the process. Give an async mapper a result to return (a ParallelProcessor<TIn, bool> of an async lambda that " +
                "returns true, say): each mapper then waits for its task.",
                "mapper");
        }
    }

    /// <summary>The mapper class behind a mapper given as a delegate of (mapper index, input).</summary>
    private sealed class DelegateMapper<TIn, TOut>(Func<int, TIn, TOut> map) : Mapper<TIn, TOut>
    {
        public override TOut Process(TIn input) => map(Index, input);
    }

    /// <summary>Runs a <see cref="Mapper{TIn}"/> (no output) where the engine expects a mapper with one.</summary>
    private sealed class OutputlessMapper<TIn>(Mapper<TIn> inner) : Mapper<TIn, NotUsed>
    {
        public override void Enter()
        {
            inner.Index = Index;
            inner.Enter();
        }

        public override NotUsed Process(TIn input)
        {
            inner.Process(input);
            return NotUsed.Instance;
        }

        public override void Exit(Exception? error) => inner.Exit(error);
    }
}
