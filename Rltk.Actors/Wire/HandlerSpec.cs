namespace Rltk.Actors.Wire;

/// <summary>What the user's delegate is: the mapper itself, a factory of mapper classes, or one call of <c>Remote.SubmitAsync</c>.</summary>
internal enum HandlerKind
{
    /// <summary>A <c>Func&lt;TIn,TOut&gt;</c> run for each input.</summary>
    Function,

    /// <summary>A <c>Func&lt;Mapper&lt;TIn,TOut&gt;&gt;</c>: each worker mapper makes one, enters it, runs it, exits it.</summary>
    MapperFactory,

    /// <summary>
    /// A <c>Func&lt;TIn,TOut&gt;</c> whose outputs each worker folds, with the task's <see cref="HandlerSpec.Reducer"/>,
    /// into a running context of its own; at the end the contexts are combined up a tree of workers.
    /// </summary>
    Reduce,

    /// <summary>
    /// A stream of calls of one method, each input a <see cref="CallInput"/> with its own target: a
    /// <c>Func&lt;TIn,TOut&gt;</c> called on the argument, or a <c>Func&lt;TOut&gt;</c> called without one.
    /// </summary>
    Calls,
}

/// <summary>
/// How a worker makes a task's mapper: the user's delegate, shipped as the method it calls and its
/// serialized target (null for a static method). Type names are resolved on the worker in the
/// assemblies the client's session shipped. A <see cref="HandlerKind.Reduce"/> task also ships its reducer.
/// </summary>
internal sealed record HandlerSpec(
    string InputType, string OutputType, string DeclaringType, int MethodToken, byte[]? Target, HandlerKind Kind, HandlerSpec? Reducer = null);
