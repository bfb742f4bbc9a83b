using System.Reflection;
using System.Runtime.Loader;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// The assemblies of one client session on a worker, isolated from other sessions (two clients may ship
/// different builds of one assembly name) and collectible, so the session's code unloads when it ends.
/// Assemblies the session did not ship — the framework, Rltk.Actors and its dependencies — are the
/// worker's own, so both sides share the types of the protocol and of <see cref="Mapper{TIn,TOut}"/>.
/// </summary>
internal sealed class SessionLoadContext(Guid sessionId, FileStore store, string folder)
    : AssemblyLoadContext($"rltk-session-{sessionId:N}", isCollectible: true)
{
    private static readonly string[] NativeNamePatterns = ["{0}", "lib{0}.so", "{0}.so", "{0}.dll", "lib{0}.dylib"];
    private readonly Dictionary<string, SessionFile> _shipped = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public IReadOnlyCollection<string> ShippedNames
    {
        get
        {
            lock (_gate)
            {
                return _shipped.Keys.Order().ToArray();
            }
        }
    }

    public void Add(SessionFile assembly)
    {
        lock (_gate)
        {
            _shipped[assembly.Name] = assembly;
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        SessionFile? file;
        lock (_gate)
        {
            if (name.Name is null || !_shipped.TryGetValue(name.Name, out file))
            {
                return null;
            }
        }

        // The very build this worker already runs (an embedded cluster, a worker in the client's process): use it.
        var resident = Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && a.ManifestModule.ModuleVersionId == file.ModuleVersionId);
        if (resident is not null)
        {
            return resident;
        }

        using var content = new MemoryStream(store.Read(file));
        try
        {
            return LoadFromStream(content);
        }
        catch (BadImageFormatException bad)
        {
            // Without the inner exception: the message the client reads is the innermost.
            throw new BadImageFormatException(
                $"The assembly {file.Name} the client shipped is not a valid .NET assembly (corrupted or truncated?): {bad.Message}", file.Name);
        }
    }

    /// <summary>A native library given to <c>Remote.AddDependencies</c> is found in the session's folder.</summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = NativeNamePatterns.Select(pattern => Path.Combine(folder, string.Format(pattern, unmanagedDllName))).FirstOrDefault(File.Exists);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
