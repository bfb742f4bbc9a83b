using System.Reflection;
using Akka.Actor;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// A <see cref="Remote"/>'s session on the cluster: what its tasks need on the workers. Each file — an
/// assembly of a handler, a dependency, a scattered value — is uploaded to the scheduler once, named by
/// the hash of its content; each task says which files it needs, and the scheduler sends each worker
/// the ones it lacks. The scheduler watches the session's actor: when the client goes, so does the session.
/// </summary>
internal sealed class ClientSession
{
    private readonly IActorRef _scheduler;
    private readonly TimeSpan _timeout;
    private readonly long _largestFile;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _uploaded = [];
    private readonly Dictionary<Assembly, SessionFile> _assemblies = [];
    private readonly List<SessionFile> _everyTask = [];

    private ClientSession(IActorRef scheduler, TimeSpan timeout, long largestFile) =>
        (_scheduler, _timeout, _largestFile) = (scheduler, timeout, largestFile);

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Opens a session on the scheduler; throws <see cref="AskTimeoutException"/> when it does not answer.</summary>
    public static async Task<ClientSession> OpenAsync(ActorSystem system, IActorRef scheduler, TimeSpan timeout)
    {
        var session = new ClientSession(scheduler, timeout, ClusterSettings.Create(system.Settings.Config).MaxMessageBytes);
        // Stands for the session: the scheduler watches it, and ends the session when it stops.
        var client = system.ActorOf(Props.Empty, $"session-{session.Id:N}");
        await scheduler.Ask<SessionOpened>(new OpenSession(session.Id, client), timeout).ConfigureAwait(false);
        return session;
    }

    /// <summary>The files a task of handlers declared in <paramref name="roots"/> needs: its assemblies, then the session's files.</summary>
    public IReadOnlyList<SessionFile> FilesFor(IEnumerable<Assembly> roots)
    {
        var toShip = AssemblyClosure.ToShip(roots);
        lock (_gate)
        {
            var files = toShip.Select(ShipAssembly).ToList();
            files.AddRange(_everyTask);
            return files;
        }
    }

    public void AddDependency(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"AddDependencies: {path} does not exist.", path);
        }

        var name = Path.GetFileName(fullPath);
        lock (_gate)
        {
            if (_everyTask.Any(f => f.Kind == SessionFileKind.Dependency && f.Name == name))
            {
                throw new ArgumentException($"AddDependencies: a file called {name} was added already; workers keep dependencies by name.", nameof(path));
            }

            _everyTask.Add(Upload(name, SessionFileKind.Dependency, fullPath, Guid.Empty));
        }
    }

    /// <summary>Uploads a serialized value for every later task of the session, with the assemblies of its type.</summary>
    public string Scatter(byte[] value, Type type)
    {
        var assemblies = AssemblyClosure.ToShip(AssemblyClosure.DeclaringAssemblies(type));
        lock (_gate)
        {
            _everyTask.AddRange(assemblies.Select(ShipAssembly).Where(f => !_everyTask.Contains(f)));
            var file = Upload($"scattered-{SessionFile.HashOf(value)}", SessionFileKind.Scattered, value, Guid.Empty);
            if (!_everyTask.Contains(file))
            {
                _everyTask.Add(file);
            }

            return file.Hash;
        }
    }

    private SessionFile ShipAssembly(Assembly assembly)
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
        if (_assemblies.Values.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && f.ModuleVersionId != build))
        {
            // A worker resolves a session's assemblies by name, so it would run the first build for both.
            throw new InvalidOperationException(
                $"This Remote already shipped another build of {name}; a Remote's tasks run one build of each assembly. " +
                "Use another Remote for the other build.");
        }

        shipped = Upload(name, SessionFileKind.Assembly, assembly.Location, build);
        _assemblies[assembly] = shipped;
        return shipped;
    }

    private SessionFile Upload(string name, SessionFileKind kind, string path, Guid moduleVersionId)
    {
        ThrowIfTooLarge(name, new FileInfo(path).Length);
        return Upload(name, kind, File.ReadAllBytes(path), moduleVersionId);
    }

    private SessionFile Upload(string name, SessionFileKind kind, byte[] content, Guid moduleVersionId)
    {
        ThrowIfTooLarge(name, content.Length);
        var file = new SessionFile(name, kind, SessionFile.HashOf(content), moduleVersionId);
        if (!_uploaded.Contains(file.Hash))
        {
            if (_scheduler.Ask(new UploadFile(Id, file, content), _timeout).GetAwaiter().GetResult() is UploadRefused refused)
            {
                throw new InvalidOperationException($"The scheduler refused {name}: {refused.Reason}.");
            }

            _uploaded.Add(file.Hash);
        }

        return file;
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
