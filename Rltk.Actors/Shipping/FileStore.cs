using System.Security.Cryptography;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Shipping;

/// <summary>
/// A worker's files from its clients' sessions, on disk by content hash: a file reaches a worker once,
/// whichever sessions use it, and is deleted when the last open session that was given it ends (the
/// scheduler follows the same rule to know what not to send again). Content that does not match its
/// hash is not kept; asking for it says so.
/// </summary>
internal sealed class FileStore(string folder)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HashSet<string>> _bySession = [];
    private readonly Dictionary<string, string> _corrupt = [];

    public void Store(string hash, byte[] content)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        lock (_gate)
        {
            if (actual != hash)
            {
                _corrupt[hash] = $"its {content.Length} bytes arrived with the SHA-256 {actual}, not {hash}";
                return;
            }

            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, hash), content);
        }
    }

    /// <summary>A session was given these files: they stay while it is open.</summary>
    public void Retain(Guid sessionId, IEnumerable<SessionFile> files)
    {
        lock (_gate)
        {
            if (!_bySession.TryGetValue(sessionId, out var hashes))
            {
                _bySession[sessionId] = hashes = [];
            }

            hashes.UnionWith(files.Select(f => f.Hash));
        }
    }

    /// <summary>A session ended: deletes the files no other open session was given.</summary>
    public void Release(Guid sessionId)
    {
        lock (_gate)
        {
            if (!_bySession.Remove(sessionId, out var hashes))
            {
                return;
            }

            foreach (var hash in hashes.Where(h => !_bySession.Values.Any(other => other.Contains(h))))
            {
                File.Delete(Path.Combine(folder, hash));
                _corrupt.Remove(hash);
            }
        }
    }

    /// <summary>Where the content of <paramref name="file"/> is; throws when it arrived corrupted or never arrived.</summary>
    public string PathOf(SessionFile file)
    {
        lock (_gate)
        {
            if (_corrupt.TryGetValue(file.Hash, out var why))
            {
                throw new InvalidDataException($"The file {file.Name} the client shipped arrived corrupted: {why}.");
            }
        }

        var path = Path.Combine(folder, file.Hash);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The file {file.Name} ({file.Hash}) the client shipped never reached this worker.", file.Name);
    }
}
