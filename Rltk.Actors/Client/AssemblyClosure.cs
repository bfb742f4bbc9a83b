using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Rltk.Actors.Client;

/// <summary>
/// Which assemblies a handler needs on a worker: the ones that declare it, its captured values and its
/// input and output types, and everything they reference — except the .NET shared framework and
/// Rltk.Actors with its own dependencies, which every worker has.
/// </summary>
internal static class AssemblyClosure
{
    private static readonly string SharedFramework =
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..")) + Path.DirectorySeparatorChar;

    private static readonly Lazy<HashSet<string>> OnEveryWorker = new(() =>
        Walk([typeof(Remote).Assembly], ignoreUnloadable: true).Select(a => a.GetName().Name!).ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>The assemblies a delegate and the types it takes and gives are declared in.</summary>
    public static IReadOnlyCollection<Assembly> RootsOf(Delegate handler, params Type[] types)
    {
        var roots = new HashSet<Assembly> { handler.Method.Module.Assembly };
        if (handler.Target is { } target)
        {
            roots.UnionWith(DeclaringAssemblies(target.GetType()));
        }

        foreach (var type in types)
        {
            roots.UnionWith(DeclaringAssemblies(type));
        }

        return roots;
    }

    /// <summary>The assemblies of a type, its generic arguments and its element type.</summary>
    public static IEnumerable<Assembly> DeclaringAssemblies(Type type)
    {
        yield return type.Assembly;
        var parts = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var assembly in parts.SelectMany(DeclaringAssemblies))
        {
            yield return assembly;
        }
    }

    /// <summary>
    /// <paramref name="roots"/> and what they reference, less what every worker has; throws
    /// <see cref="FileNotFoundException"/> naming a dependency this process cannot load.
    /// </summary>
    public static IReadOnlyList<Assembly> ToShip(IEnumerable<Assembly> roots) =>
        Walk(roots.Where(a => !IsOnEveryWorker(a)), ignoreUnloadable: false).Where(a => !IsOnEveryWorker(a)).ToArray();

    private static bool IsOnEveryWorker(Assembly assembly) =>
        assembly.Location.StartsWith(SharedFramework, StringComparison.Ordinal) || OnEveryWorker.Value.Contains(assembly.GetName().Name!);

    private static List<Assembly> Walk(IEnumerable<Assembly> roots, bool ignoreUnloadable)
    {
        var found = new List<Assembly>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>(roots);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name!) || assembly.Location.StartsWith(SharedFramework, StringComparison.Ordinal))
            {
                continue;
            }

            found.Add(assembly);
            var context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Contains(reference.Name!) || (!ignoreUnloadable && OnEveryWorker.Value.Contains(reference.Name!)))
                {
                    continue;
                }

                try
                {
                    pending.Enqueue(context.LoadFromAssemblyName(reference));
                }
                catch (Exception missing) when (missing is IOException or BadImageFormatException)
                {
                    if (!ignoreUnloadable)
                    {
                        throw new FileNotFoundException(
                            $"{assembly.GetName().Name} depends on {reference.FullName}, which this process cannot load, so it cannot " +
                            $"ship it to the workers: {missing.Message}", reference.Name, missing);
                    }
                }
            }
        }

        return found;
    }
}
