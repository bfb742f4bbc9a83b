namespace Rltk.Actors.Worker;

/// <summary>
/// A reduce task's running context on one worker: every mapper of the worker folds its chunks' partial values
/// into it, one at a time, as they are done; at the end it is combined with the other workers' contexts.
/// Lost with the worker: its chunks then run again elsewhere.
/// </summary>
internal sealed class ReduceContext
{
    private readonly Lock _gate = new();
    private object? _value;
    private bool _hasValue;

    /// <summary>Folds <paramref name="partial"/> in with <paramref name="reduce"/>; a reducer that throws leaves the context as it was.</summary>
    public void Fold<T>(T partial, Func<T, T, T> reduce)
    {
        lock (_gate)
        {
            (_value, _hasValue) = (_hasValue ? reduce((T)_value!, partial) : partial, true);
        }
    }

    public (bool HasValue, T Value) Read<T>()
    {
        lock (_gate)
        {
            return (_hasValue, _hasValue ? (T)_value! : default!);
        }
    }
}
