using System.Reflection;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// The mapper of a call stream: makes each call's delegate from the stream's method and the call's own
/// target, and calls it on the call's argument — unless the client cancelled the call before it started.
/// </summary>
internal static class CallMapper
{
    /// <summary>A mapper for calls of <paramref name="method"/>: a <c>Func&lt;TIn,TOut&gt;</c>, or a <c>Func&lt;TOut&gt;</c> that takes no argument.</summary>
    public static Mapper<CallInput, CallOutput> Create(MethodInfo method, WorkerSession session, CancelledCalls cancelled)
    {
        var parameters = method.GetParameters();
        var argument = parameters.Length == 1 ? parameters[0].ParameterType : typeof(bool);
        return (Mapper<CallInput, CallOutput>)Activator.CreateInstance(
            typeof(CallMapper<,>).MakeGenericType(argument, method.ReturnType), method, session, cancelled)!;
    }
}

internal sealed class CallMapper<TIn, TOut>(MethodInfo method, WorkerSession session, CancelledCalls cancelled)
    : Mapper<CallInput, CallOutput>
{
    private readonly bool _takesArgument = method.GetParameters().Length == 1;

    public override CallOutput Process(CallInput call)
    {
        if (cancelled.Contains(call.Id))
        {
            return new CallOutput(call.Id, false, []);
        }

        var payloads = session.Payloads;
        var target = call.Target is null ? null : payloads.Deserialize<object>(call.Target);
        var value = _takesArgument
            ? method.CreateDelegate<Func<TIn, TOut>>(target)(payloads.Deserialize<TIn>(call.Argument))
            : method.CreateDelegate<Func<TOut>>(target)();
        return new CallOutput(call.Id, true, payloads.Serialize(value));
    }
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
