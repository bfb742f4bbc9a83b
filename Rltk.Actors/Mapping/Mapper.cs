namespace Rltk.Actors;

/// <summary>
/// The part of a mapper class shared by its two forms: its index and its set-up and tear-down.
/// Each mapper actor owns one instance: <see cref="Enter"/> runs once before the first task,
/// <see cref="Exit"/> once after the last.
/// </summary>
public abstract class MapperBase
{
    /// <summary>This mapper's number, 0 to the mapper count - 1 (pyrallel's <c>_idx</c>).</summary>
    public int Index { get; internal set; }

    /// <summary>Called once, on the mapper's thread, before the first task.</summary>
    public virtual void Enter()
    {
    }

    /// <summary>
    /// Called once, on the mapper's thread, when the run ends; <paramref name="error"/> is what stopped
    /// the run early (a failure, a cancellation), or null when it completed.
    /// </summary>
    public virtual void Exit(Exception? error)
    {
    }
}

/// <summary>A mapper class whose <see cref="Process"/> returns a value for the collector.</summary>
public abstract class Mapper<TIn, TOut> : MapperBase
{
    /// <summary>Maps one task input; called on this mapper's thread, one task at a time.</summary>
    public abstract TOut Process(TIn input);
}

/// <summary>A mapper class with no output, for a processor without a collector.</summary>
public abstract class Mapper<TIn> : MapperBase
{
    /// <summary>Handles one task input; called on this mapper's thread, one task at a time.</summary>
    public abstract void Process(TIn input);
}
