using System.Reflection;
using System.Runtime.Loader;

namespace Rltk.Worker.Host;

/// <summary>The assemblies given with <c>--load</c>: the user handlers the scheduler will ask this worker to run.</summary>
internal static class UserAssemblies
{
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);
    private static readonly List<string> Folders = [];

    public static void Load(IEnumerable<string> paths)
    {
        // Handlers are found by assembly-qualified name, and their dependencies sit beside them.
        AssemblyLoadContext.Default.Resolving += Resolve;
        foreach (var path in paths)
        {
            var fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException($"--load {path}: no such file.");
            }

            Folders.Add(Path.GetDirectoryName(fullPath)!);
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
            Loaded[assembly.GetName().Name!] = assembly;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (Loaded.TryGetValue(name.Name!, out var loaded))
        {
            return loaded;
        }

        var beside = Folders.Select(folder => Path.Combine(folder, name.Name + ".dll")).FirstOrDefault(File.Exists);
        return beside is null ? null : context.LoadFromAssemblyPath(beside);
    }
}
