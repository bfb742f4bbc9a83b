using System.Reflection;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// The mapper of a call stream: makes each call's delegate from the stream's method and the call's own
/// target, and calls it on the call's argument — unless the client cancelled the call before it started.
/// </summary>
internal static class CallMapper
{
    /// <summary>
    /// A mapper for calls of <paramref name="method"/>: a <c>Func&lt;TIn,TOut&gt;</c>, or a <c>Func&lt;TOut&gt;</c> that
    /// takes no argument; of an async one (returning <c>Task&lt;TOut&gt;</c>) the result of its task.
    /// </summary>
    public static Mapper<CallInput, CallOutput> Create(MethodInfo method, WorkerSession session, CancelledCalls cancelled)
    {
        var parameters = method.GetParameters();
        var argument = parameters.Length == 1 ? parameters[0].ParameterType : typeof(bool);
        var returned = method.ReturnType;
        var output = returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(Task<>) ? returned.GetGenericArguments()[0] : returned;
        return (Mapper<CallInput, CallOutput>)Activator.CreateInstance(
            typeof(CallMapper<,>).MakeGenericType(argument, output), method, session, cancelled)!;
    }
}

internal sealed class CallMapper<TIn, TOut>(MethodInfo method, WorkerSession session, CancelledCalls cancelled)
    : Mapper<CallInput, CallOutput>
{
    private readonly bool _takesArgument = method.GetParameters().Length == 1;
    private readonly bool _isAsync = method.ReturnType != typeof(TOut);

    public override CallOutput Process(CallInput call)
    {
        if (cancelled.Contains(call.Id))
        {
            return new CallOutput(call.Id, false, []);
        }

        var target = call.Target is null ? null : session.Payloads.Deserialize<object>(call.Target);
        var value = _isAsync ? Call<Task<TOut>>(target, call).GetAwaiter().GetResult() : Call<TOut>(target, call);
        return new CallOutput(call.Id, true, session.Payloads.Serialize(value));
    }

    private TResult Call<TResult>(object? target, CallInput call) => _takesArgument
        ? method.CreateDelegate<Func<TIn, TResult>>(target)(session.Payloads.Deserialize<TIn>(call.Argument))
        : method.CreateDelegate<Func<TResult>>(target)();
}

/// <summary>The calls of one stream its client cancelled; written by the worker's agent, read by its mappers.</summary>
internal sealed class CancelledCalls
{
    private readonly HashSet<long> _ids = [];
    private readonly Lock _gate = new();

    public void Add(IEnumerable<long> ids)
    {
        lock (_gate)
        {
            _ids.UnionWith(ids);
        }
    }

    public bool Contains(long id)
    {
        lock (_gate)
        {
            return _ids.Count > 0 && _ids.Contains(id);
        }
    }
}
