using System.Reflection;
using System.Runtime.CompilerServices;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Describes a user delegate for the workers: the method it calls and its serialized target. A worker
/// makes it again in the client session whose assemblies declare it (<c>WorkerSession.CreateDelegate</c>).
/// </summary>
internal static class HandlerShipping
{
    /// <summary>The handler of a task: its method and (serialized) target.</summary>
    public static HandlerSpec Describe<TIn, TOut>(Delegate handler, HandlerKind kind) =>
        Describe<TIn, TOut>(handler, kind, SerializeTarget(handler));

    /// <summary>The handler of a stream of calls: its method alone, as each call brings its own target.</summary>
    public static HandlerSpec Describe<TIn, TOut>(Delegate handler, HandlerKind kind, byte[]? target)
    {
        if (kind != HandlerKind.Calls)
        {
            ThrowIfTaskOutput<TOut>(handler);
        }

        var method = SingleMethodOf(handler);
        var declaringType = method.DeclaringType ?? throw new ArgumentException(
            "A handler must be a method of a type (a static method, a lambda or a Mapper class), not a dynamic method.", nameof(handler));
        return new HandlerSpec(
            typeof(TIn).AssemblyQualifiedName!, typeof(TOut).AssemblyQualifiedName!,
            declaringType.AssemblyQualifiedName!, method.MetadataToken, target, kind);
    }

    /// <summary>
    /// Refuses a handler whose output is itself a task or value task: a result travels back by value. An async
    /// handler returns <c>Task&lt;T&gt;</c> and is declared with T — a <c>RemoteTask&lt;TIn,T&gt;</c>, a
    /// <c>SubmitAsync</c> of T — and the worker waits for its task.
    /// </summary>
    public static void ThrowIfTaskOutput<TOut>(Delegate handler)
    {
        var output = typeof(TOut);
        if (typeof(Task).IsAssignableFrom(output) || output == typeof(ValueTask)
            || (output.IsGenericType && output.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            throw new ArgumentException(
                $"{NameOf(handler)} returns a {Named(output)}, which cannot travel back from a worker. An async handler returns " +
                "Task<T> and is declared with T (new RemoteTask<TIn, T>(remote, handler), SubmitAsync(handler) of a Task<T>): " +
                "the worker waits for the task and sends back its result; one with no result returns a value all the same.",
                nameof(handler));
        }

        static string Named(Type type) => type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Named))}>"
            : type.Name;
    }

    /// <summary>What a handler is, for people: <c>Type.Method</c>, or <c>a lambda in Type.Method</c>.</summary>
    public static string NameOf(Delegate handler)
    {
        var method = handler.Method;
        var type = method.DeclaringType;
        while (type is not null && IsClosure(type) && type.DeclaringType is { } outer)
        {
            type = outer;
        }

        // A lambda's method is named "<Outer>b__0_1" by the compiler.
        return method.Name.StartsWith('<') && method.Name.IndexOf('>') is > 1 and var end
            ? $"a lambda in {type?.Name}.{method.Name[1..end]}"
            : $"{type?.Name}.{method.Name}";
    }

    /// <summary>
    /// The delegate's target — the values a lambda captures — serialized; null for a static method. When it
    /// cannot be serialized, the <see cref="ArgumentException"/> names the captured variable at fault.
    /// </summary>
    public static byte[]? SerializeTarget(Delegate handler)
    {
        SingleMethodOf(handler);
        if (handler.Target is not { } target)
        {
            return null;
        }

        try
        {
            return PayloadSerializer.Shared.Serialize(target);
        }
        catch (Exception failure)
        {
            throw new ArgumentException(Unserializable(target, failure), nameof(handler));
        }
    }

    private static MethodInfo SingleMethodOf(Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return handler.GetInvocationList().Length == 1
            ? handler.Method
            : throw new ArgumentException("A handler must be a single method, not a multicast delegate.", nameof(handler));
    }

    /// <summary>One paragraph: which captured variable cannot be serialized, of which type, and what to do.</summary>
    private static string Unserializable(object target, Exception failure)
    {
        var culprit = CulpritOf(target);
        var what = culprit is { } found
            ? $"captures {found.Name}, of type {found.Type}, which cannot be serialized"
            : $"is an instance of {target.GetType()}, which cannot be serialized";
        return $"The handler {what} to ship it to the workers ({(culprit?.Failure ?? failure).Message}). A lambda ships with every variable " +
            "it captures, and C# gives all the lambdas of one method a single closure: a variable that another lambda nearby uses (a Remote, " +
            "a list the output handler fills) is captured too. Make the handler a static method, or build it in a method of its own that " +
            "captures only the values it needs.";
    }

    /// <summary>The first field, through nested closures, whose value cannot be serialized.</summary>
    private static (string Name, Type Type, Exception Failure)? CulpritOf(object target)
    {
        foreach (var field in target.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.GetValue(target) is not { } value)
            {
                continue;
            }

            if (IsClosure(value.GetType()))
            {
                if (CulpritOf(value) is { } nested)
                {
                    return nested;
                }

                continue;
            }

            try
            {
                PayloadSerializer.Shared.Serialize(value);
            }
            catch (Exception failure)
            {
                return ($"'{NameOf(field)}'", value.GetType(), failure);
            }
        }

        return null;
    }

    // The compiler names a captured `this` "<>4__this"; captured locals keep their names.
    private static string NameOf(FieldInfo field) => field.Name == "<>4__this" ? "this" : field.Name;

    private static bool IsClosure(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
}
