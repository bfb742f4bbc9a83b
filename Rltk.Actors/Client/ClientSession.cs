using System.Collections.Concurrent;
using System.Reflection;
using Akka.Actor;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// A <see cref="Remote"/>'s session on the cluster: what its tasks need on the workers. Each file — an
/// assembly of a handler, a dependency, a scattered value — is uploaded to the scheduler once, named by
/// the hash of its content; each task says which files it needs, and the scheduler sends each worker
/// the ones it lacks. The scheduler watches the session's actor: when the client goes, so does the
/// session. Safe to use from many calls at once: an upload in progress is awaited, not repeated.
/// </summary>
internal sealed class ClientSession
{
    private readonly IActorRef _scheduler;
    private readonly TimeSpan _timeout;
    private readonly long _largestFile;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Lazy<Task>> _uploads = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<Assembly>> _closures = new();
    private readonly Dictionary<Assembly, (SessionFile File, string Path)> _assemblies = [];
    private readonly List<SessionFile> _everyTask = [];

    private ClientSession(IActorRef scheduler, TimeSpan timeout, long largestFile) =>
        (_scheduler, _timeout, _largestFile) = (scheduler, timeout, largestFile);

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Opens a session on the scheduler; throws <see cref="AskTimeoutException"/> when it does not answer.</summary>
    public static async Task<ClientSession> OpenAsync(ActorSystem system, IActorRef scheduler, TimeSpan timeout)
    {
        var session = new ClientSession(scheduler, timeout, ClusterSettings.Create(system.Settings.Config).Messages.MaxBytes);
        // Stands for the session: the scheduler watches it, and ends the session when it stops.
        var client = system.ActorOf(Props.Empty, $"session-{session.Id:N}");
        await scheduler.Ask<SessionOpened>(new OpenSession(session.Id, client), timeout).ConfigureAwait(false);
        return session;
    }

    /// <summary>The files a task of handlers declared in <paramref name="roots"/> needs, uploaded: its assemblies, then the session's files.</summary>
    public async Task<IReadOnlyList<SessionFile>> FilesForAsync(IReadOnlyCollection<Assembly> roots)
    {
        // Working out an assembly closure reads metadata: once per set of roots, not once per call.
        var key = string.Join('|', roots.Select(a => a.FullName).Order());
        var toShip = _closures.GetOrAdd(key, _ => AssemblyClosure.ToShip(roots));
        List<(SessionFile File, string? Path, byte[]? Content)> files;
        lock (_gate)
        {
            files = toShip.Select(ShipAssembly).Select(f => (f.File, (string?)f.Path, (byte[]?)null)).ToList();
        }

        await Task.WhenAll(files.Select(f => UploadAsync(f.File, f.Path, f.Content))).ConfigureAwait(false);
        lock (_gate)
        {
            return files.Select(f => f.File).Concat(_everyTask).ToArray();
        }
    }

    public async Task AddDependencyAsync(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"AddDependencies: {path} does not exist.", path);
        }

        var name = Path.GetFileName(fullPath);
        ThrowIfTooLarge(name, new FileInfo(fullPath).Length);
        var file = new SessionFile(name, SessionFileKind.Dependency, SessionFile.HashOf(await File.ReadAllBytesAsync(fullPath).ConfigureAwait(false)), Guid.Empty);
        lock (_gate)
        {
            if (_everyTask.Any(f => f.Kind == SessionFileKind.Dependency && f.Name == name))
            {
                throw new ArgumentException($"AddDependencies: a file called {name} was added already; workers keep dependencies by name.", nameof(path));
            }

            _everyTask.Add(file);
        }

        await UploadAsync(file, fullPath, null).ConfigureAwait(false);
    }

    /// <summary>Uploads a serialized value for every later task of the session, with the assemblies of its type; returns its hash.</summary>
    public async Task<string> ScatterAsync(byte[] value, Type type)
    {
        ThrowIfTooLarge("the scattered value", value.Length);
        var assemblies = AssemblyClosure.ToShip(AssemblyClosure.DeclaringAssemblies(type).ToArray());
        var file = new SessionFile($"scattered-{SessionFile.HashOf(value)}", SessionFileKind.Scattered, SessionFile.HashOf(value), Guid.Empty);
        List<(SessionFile File, string Path)> shipped;
        lock (_gate)
        {
            shipped = assemblies.Select(ShipAssembly).ToList();
        }

        await Task.WhenAll(shipped.Select(f => UploadAsync(f.File, f.Path, null)).Append(UploadAsync(file, null, value))).ConfigureAwait(false);
        lock (_gate)
        {
            _everyTask.AddRange(shipped.Select(f => f.File).Append(file).Where(f => !_everyTask.Contains(f)));
        }

        return file.Hash;
    }

    /// <summary>Names an assembly for the workers by its content; called under the lock.</summary>
    private (SessionFile File, string Path) ShipAssembly(Assembly assembly)
    {
        if (_assemblies.TryGetValue(assembly, out var shipped))
        {
            return shipped;
        }

        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
        {
            throw new NotSupportedException(
                $"{assembly.GetName().Name} was not loaded from a file (a dynamic assembly, or an app published as a single file), " +
                "so it cannot be shipped to the workers.");
        }

        var name = assembly.GetName().Name!;
        var build = assembly.ManifestModule.ModuleVersionId;
        if (_assemblies.Values.Any(f => string.Equals(f.File.Name, name, StringComparison.OrdinalIgnoreCase) && f.File.ModuleVersionId != build))
        {
            // A worker resolves a session's assemblies by name, so it would run the first build for both.
            throw new InvalidOperationException(
                $"This Remote already shipped another build of {name}; a Remote's tasks run one build of each assembly. " +
                "Use another Remote for the other build.");
        }

        ThrowIfTooLarge(name, new FileInfo(assembly.Location).Length);
        shipped = (new SessionFile(name, SessionFileKind.Assembly, SessionFile.HashOf(File.ReadAllBytes(assembly.Location)), build), assembly.Location);
        _assemblies[assembly] = shipped;
        return shipped;
    }

    /// <summary>Uploads a file's content (read from <paramref name="path"/>, or given) once per session, however many ask at once.</summary>
    private Task UploadAsync(SessionFile file, string? path, byte[]? content)
    {
        var upload = _uploads.GetOrAdd(file.Hash, _ => new Lazy<Task>(async () =>
        {
            var bytes = content ?? await File.ReadAllBytesAsync(path!).ConfigureAwait(false);
            if (await _scheduler.Ask(new UploadFile(Id, file, bytes), _timeout).ConfigureAwait(false) is UploadRefused refused)
            {
                throw new InvalidOperationException($"The scheduler refused {file.Name}: {refused.Reason}.");
            }
        }));
        return AwaitOrForget(file.Hash, upload);
    }

    /// <summary>A failed upload is forgotten, so that a later task tries again.</summary>
    private async Task AwaitOrForget(string hash, Lazy<Task> upload)
    {
        try
        {
            await upload.Value.ConfigureAwait(false);
        }
        catch
        {
            _uploads.TryRemove(new KeyValuePair<string, Lazy<Task>>(hash, upload));
            throw;
        }
    }

    private void ThrowIfTooLarge(string name, long length)
    {
        if (length > _largestFile)
        {
            throw new ArgumentException(
                $"{name} is {length:N0} bytes; a file travels to the workers in one message, of at most " +
                $"{_largestFile:N0} bytes here (raise akka.remote.dot-netty.tcp.maximum-frame-size on every node to send more).");
        }
    }
}
