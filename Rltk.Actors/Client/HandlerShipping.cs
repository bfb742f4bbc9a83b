using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Describes a user delegate for the workers: the method it calls and its serialized target. A worker
/// makes it again in the client session whose assemblies declare it (<c>WorkerSession.CreateDelegate</c>).
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
}
