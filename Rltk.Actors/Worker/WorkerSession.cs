using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Rltk.Actors.Failures;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// A client session on a worker: the assemblies it shipped (in a load context of its own), the files it
/// gave to <c>AddDependencies</c> (in a folder of its own), its scattered values (read once per worker),
/// and a serializer for its types. Handler code runs inside <see cref="Activate"/>, which is how
/// <see cref="Scattered{T}"/> and <see cref="Dependencies"/> find the session. Disposing unloads its code
/// and deletes its folder.
/// </summary>
internal sealed class WorkerSession : IDisposable
{
    private static readonly AsyncLocal<WorkerSession?> Active = new();
    private readonly FileStore _store;
    private readonly SessionLoadContext _context;
    private readonly ConcurrentDictionary<string, SessionFile> _files = new();
    private readonly ConcurrentDictionary<string, Lazy<object?>> _scattered = new();
    private readonly Lock _placing = new();

    public WorkerSession(Guid id, FileStore store, string folder)
    {
        (Id, _store, Folder) = (id, store, folder);
        Directory.CreateDirectory(folder);
        _context = new SessionLoadContext(id, store, folder);
    }

    /// <summary>The session in whose handler code this thread is; null outside handlers.</summary>
    public static WorkerSession? Current => Active.Value;

    public Guid Id { get; }

    /// <summary>Where the session's dependencies are placed.</summary>
    public string Folder { get; }

    /// <summary>Serializes the session's values: its own, so that what Hyperion learns of the session's types goes with it.</summary>
    public PayloadSerializer Payloads { get; } = new();

    /// <summary>The load context, for a test to see it unload.</summary>
    internal AssemblyLoadContext LoadContext => _context;

    /// <summary>A task of the session brought these files: assemblies join the load context, dependencies the folder.</summary>
    public void Add(IEnumerable<SessionFile> files)
    {
        foreach (var file in files.Where(f => _files.TryAdd(f.Name, f)))
        {
            switch (file.Kind)
            {
                case SessionFileKind.Assembly:
                    _context.Add(file);
                    break;
                case SessionFileKind.Dependency when IsPlainFileName(file.Name):
                    TryPlace(file);
                    break;
            }
        }
    }

    /// <summary>Resolves a type name in the session's assemblies, then the worker's own.</summary>
    public Type LoadType(string assemblyQualifiedName)
    {
        try
        {
            return Type.GetType(assemblyQualifiedName, name => _context.LoadFromAssemblyName(name), null, throwOnError: true)!;
        }
        catch (Exception failure) when (failure is IOException or BadImageFormatException or TypeLoadException)
        {
            var shipped = _context.ShippedNames is { Count: > 0 } names ? string.Join(", ", names) : "none";
            throw new TypeLoadException(
                $"This worker cannot load {assemblyQualifiedName} (assemblies the client shipped: {shipped}): {failure.Innermost().Message}",
                failure);
        }
    }

    /// <summary>Makes a handler's delegate again, from the method it calls and its target; call it inside <see cref="Activate"/>.</summary>
    public TDelegate CreateDelegate<TDelegate>(HandlerSpec handler)
        where TDelegate : Delegate
    {
        var target = handler.Target is null ? null : Payloads.Deserialize<object>(handler.Target);
        return MethodOf(handler).CreateDelegate<TDelegate>(target);
    }

    /// <summary>The method a handler calls, found in the session's assemblies.</summary>
    public MethodInfo MethodOf(HandlerSpec handler)
    {
        var declaringType = LoadType(handler.DeclaringType);
        return declaringType.Module.ResolveMethod(handler.MethodToken) as MethodInfo
            ?? throw new InvalidOperationException($"Method token {handler.MethodToken} of {declaringType} is not a method.");
    }

    /// <summary>Enters the session for handler code on this thread: its scattered values, dependencies and type names.</summary>
    public IDisposable Activate() => new Activation(this);

    public T ReadScattered<T>(string hash)
    {
        var value = _scattered.GetOrAdd(hash, h => new Lazy<object?>(() => ReadFile<T>(h))).Value;
        return value is T typed ? typed : (T)value!;
    }

    public string PathOf(string fileName)
    {
        if (!_files.TryGetValue(fileName, out var file) || file.Kind != SessionFileKind.Dependency)
        {
            throw new FileNotFoundException(
                $"{fileName} is not a dependency of this session: give it to Remote.AddDependencies before starting the task.", fileName);
        }

        return Place(file); // throws why the content is missing, if it is
    }

    public void Dispose()
    {
        _scattered.Clear();
        _context.Unload();
        _store.Release(Id);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception cannot) when (cannot is IOException or UnauthorizedAccessException)
        {
            // A file still in use (on Windows): the worker's own folder is deleted when it stops.
        }
    }

    private object? ReadFile<T>(string hash)
    {
        var file = _files.Values.FirstOrDefault(f => f.Hash == hash && f.Kind == SessionFileKind.Scattered)
            ?? throw new InvalidOperationException(
                "This scattered value belongs to another session: scatter it with the Remote that runs the task (again, if the scheduler was restarted since).");
        return Payloads.Deserialize<T>(_store.Read(file));
    }

    /// <summary>Copies a dependency into the session's folder, once, whichever mappers ask at the same time.</summary>
    private string Place(SessionFile file)
    {
        var path = Path.Combine(Folder, file.Name);
        lock (_placing)
        {
            if (!File.Exists(path))
            {
                File.Copy(_store.PathOf(file), path);
            }
        }

        return path;
    }

    private void TryPlace(SessionFile file)
    {
        try
        {
            Place(file);
        }
        catch (Exception unusable) when (unusable is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // PathOf says why, when a handler asks for the file.
        }
    }

    // A client names a dependency; it may not name a place outside the session's folder.
    private static bool IsPlainFileName(string name) => name == Path.GetFileName(name) && name is not ("." or "..");

    private sealed class Activation : IDisposable
    {
        private readonly WorkerSession? _previous = Active.Value;
        private readonly AssemblyLoadContext.ContextualReflectionScope _reflection;

        public Activation(WorkerSession session)
        {
            Active.Value = session;
            _reflection = session._context.EnterContextualReflection();
        }

        public void Dispose()
        {
            _reflection.Dispose();
            Active.Value = _previous;
        }
    }
}
