using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// The client sessions open on the scheduler and their files (assemblies, dependencies, scattered
/// values), kept as bytes it never opens, until the session ends. A file is named by the hash of its
/// content everywhere, workers' disks included, so content that is not its hash is refused.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly Dictionary<Guid, Session> _sessions = [];

    public void Open(Guid sessionId, IActorRef client, DateTimeOffset now) => _sessions[sessionId] = new Session(client, now);

    /// <summary>The connected clients: where each is, and since when.</summary>
    public IEnumerable<(IActorRef Client, DateTimeOffset ConnectedAt)> Clients => _sessions.Values.Select(s => (s.Client, s.ConnectedAt));

    /// <summary>Why an upload is refused; null when it is kept.</summary>
    public string? Keep(UploadFile upload)
    {
        if (!_sessions.TryGetValue(upload.SessionId, out var session))
        {
            return $"session {upload.SessionId} is not open on this scheduler";
        }

        if (SessionFile.HashOf(upload.Content) != upload.File.Hash)
        {
            return $"the content of {upload.File.Name} does not have the SHA-256 it was sent under ({upload.File.Hash})";
        }

        session.Content[upload.File.Hash] = upload.Content;
        return null;
    }

    /// <summary>Why a task cannot open; null when its session is open and has every file it names.</summary>
    public string? RefusalOf(OpenTask open)
    {
        if (!_sessions.TryGetValue(open.SessionId, out var session))
        {
            return $"session {open.SessionId} is not open on this scheduler";
        }

        return open.Files.FirstOrDefault(f => !session.Content.ContainsKey(f.Hash)) is { } missing
            ? $"the file {missing.Name} ({missing.Hash}) was not uploaded in this session"
            : null;
    }

    public byte[] Content(Guid sessionId, string hash) => _sessions[sessionId].Content[hash];

    /// <summary>Ends a session; its client, or null when it was not open.</summary>
    public IActorRef? Close(Guid sessionId) => _sessions.Remove(sessionId, out var session) ? session.Client : null;

    public IReadOnlyList<Guid> OfClient(IActorRef client) => _sessions.Where(s => s.Value.Client.Equals(client)).Select(s => s.Key).ToArray();

    private sealed class Session(IActorRef client, DateTimeOffset connectedAt)
    {
        public IActorRef Client { get; } = client;

        public DateTimeOffset ConnectedAt { get; } = connectedAt;

        public Dictionary<string, byte[]> Content { get; } = [];
    }
}
