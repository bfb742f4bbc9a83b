using Akka;

namespace Rltk.Actors;

/// <summary>The mapper class behind a mapper given as a delegate of (mapper index, input).</summary>
internal sealed class DelegateMapper<TIn, TOut>(Func<int, TIn, TOut> map) : Mapper<TIn, TOut>
{
    public override TOut Process(TIn input) => map(Index, input);
}

/// <summary>Runs a <see cref="Mapper{TIn}"/> (no output) where the engine expects a mapper with one.</summary>
internal sealed class OutputlessMapper<TIn>(Mapper<TIn> inner) : Mapper<TIn, NotUsed>
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
