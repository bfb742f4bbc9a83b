using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// A worker's files from its clients' sessions, on disk by content hash: a file reaches a worker once,
/// whichever sessions use it, and is deleted when the last open session that was given it ends (a
/// <see cref="FileLedger"/>, which the scheduler keeps too, to know what not to send again). Content that does not match its
/// hash, or cannot be written, is not kept; asking for it says why.
/// </summary>
internal sealed class FileStore(string folder)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _stored = [];
    private readonly FileLedger _ledger = new();
    private readonly Dictionary<string, string> _unusable = [];

    public void Store(string hash, byte[] content)
    {
        var actual = SessionFile.HashOf(content);
        lock (_gate)
        {
            if (actual != hash)
            {
                _unusable[hash] = $"arrived corrupted: its {content.Length} bytes have the SHA-256 {actual}, not {hash}";
                return;
            }

            try
            {
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, hash), content);
                _stored.Add(hash);
                _unusable.Remove(hash);
            }
            catch (Exception cannot) when (cannot is IOException or UnauthorizedAccessException)
            {
                _unusable[hash] = $"could not be written on this worker: {cannot.Message}";
            }
        }
    }

    /// <summary>A session was given these files: they stay while it is open.</summary>
    public void Retain(Guid sessionId, IEnumerable<SessionFile> files)
    {
        lock (_gate)
        {
            _ledger.Retain(sessionId, files.Select(f => f.Hash));
        }
    }

    /// <summary>A session ended: deletes the files no other open session was given.</summary>
    public void Release(Guid sessionId)
    {
        lock (_gate)
        {
            foreach (var hash in _ledger.Release(sessionId) ?? [])
            {
                _unusable.Remove(hash);
                // Only what this store wrote, under its own hash: a name from the wire never becomes a path to delete.
                if (_stored.Remove(hash))
                {
                    File.Delete(Path.Combine(folder, hash));
                }
            }
        }
    }

    /// <summary>Where the content of <paramref name="file"/> is; throws when it is unusable or never arrived.</summary>
    public string PathOf(SessionFile file)
    {
        lock (_gate)
        {
            if (_unusable.TryGetValue(file.Hash, out var why))
            {
                throw new InvalidDataException($"The file {file.Name} the client shipped {why}.");
            }

            return _stored.Contains(file.Hash)
                ? Path.Combine(folder, file.Hash)
                : throw new FileNotFoundException($"The file {file.Name} ({file.Hash}) the client shipped never reached this worker.", file.Name);
        }
    }

    /// <summary>The content of <paramref name="file"/>, checked against its hash once more as it is read: what runs is what the client sent.</summary>
    public byte[] Read(SessionFile file)
    {
        var content = File.ReadAllBytes(PathOf(file));
        return SessionFile.HashOf(content) == file.Hash
            ? content
            : throw new InvalidDataException($"The file {file.Name} the client shipped changed on this worker's disk since it arrived.");
    }
}
