using System.Reflection;
using Rltk.Actors.Protocol;
using Rltk.Actors.Shipping;

namespace Rltk.Actors.Cluster;

/// <summary>
/// Ships a user delegate to the workers as the method it calls and its serialized target, and makes it
/// again on a worker, in the client session whose assemblies declare it.
/// </summary>
internal static class HandlerShipping
{
    public static HandlerSpec Describe<TIn, TOut>(Delegate handler, HandlerKind kind)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (handler.GetInvocationList().Length != 1)
        {
            throw new ArgumentException("An input handler must be a single method, not a multicast delegate.", nameof(handler));
        }

        var method = handler.Method;
        var declaringType = method.DeclaringType ?? throw new ArgumentException(
            "An input handler must be a method of a type (a static method, a lambda or a Mapper class), not a dynamic method.", nameof(handler));
        byte[]? target;
        try
        {
            target = handler.Target is null ? null : PayloadSerializer.Shared.Serialize(handler.Target);
        }
        catch (Exception failure)
        {
            throw new ArgumentException(
                $"The input handler captures values that cannot be serialized to ship it to the workers ({failure.Message}); " +
                "make it static, or capture only serializable values.", nameof(handler), failure);
        }

        return new HandlerSpec(
            typeof(TIn).AssemblyQualifiedName!, typeof(TOut).AssemblyQualifiedName!,
            declaringType.AssemblyQualifiedName!, method.MetadataToken, target, kind);
    }

    /// <summary>Makes the delegate again; call it inside <see cref="WorkerSession.Activate"/>.</summary>
    public static TDelegate Rebuild<TDelegate>(HandlerSpec spec, WorkerSession session)
        where TDelegate : Delegate
    {
        var declaringType = session.LoadType(spec.DeclaringType);
        var method = declaringType.Module.ResolveMethod(spec.MethodToken) as MethodInfo
            ?? throw new InvalidOperationException($"Method token {spec.MethodToken} of {declaringType} is not a method.");
        var target = spec.Target is null ? null : session.Payloads.Deserialize<object>(spec.Target);
        return method.CreateDelegate<TDelegate>(target);
    }
}
