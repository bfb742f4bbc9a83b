namespace Rltk.Actors.Wire;

/// <summary>
/// Which files a worker keeps, by the client sessions it was given them for: a file stays while one of
/// those sessions is open, and goes when the last one closes. The worker's file store keeps its files by
/// this rule, and the scheduler keeps one ledger per worker by the same rule, so both sides agree on
/// what the worker has and a file travels to it once.
/// </summary>
internal sealed class FileLedger
{
    private readonly Dictionary<Guid, HashSet<string>> _bySession = [];

    public bool Has(string hash) => _bySession.Values.Any(hashes => hashes.Contains(hash));

    /// <summary>Session <paramref name="sessionId"/> was given the files of <paramref name="hashes"/>.</summary>
    public void Retain(Guid sessionId, IEnumerable<string> hashes)
    {
        if (!_bySession.TryGetValue(sessionId, out var retained))
        {
            _bySession[sessionId] = retained = [];
        }

        retained.UnionWith(hashes);
    }

    /// <summary>
    /// A session ended: the hashes no other open session holds, which are no longer kept; null when the
    /// session was given nothing (the worker never heard of it).
    /// </summary>
    public IReadOnlyList<string>? Release(Guid sessionId)
    {
        if (!_bySession.Remove(sessionId, out var released))
        {
            return null;
        }

        return released.Where(hash => !Has(hash)).ToArray();
    }
}
