namespace Rltk.Actors.Hosting;

/// <summary>
/// Since when each member has been unreachable, for the downing actors: a member is due to be downed once it
/// has stayed unreachable for the whole of <c>rltk.cluster.down-unreachable-after</c>; being reachable again,
/// even for a moment, starts its time anew.
/// </summary>
internal sealed class UnreachableTimes<TMember>(TimeSpan after) where TMember : notnull
{
    private readonly Dictionary<TMember, DateTime> _since = [];

    public bool IsEmpty => _since.Count == 0;

    /// <summary>Notes <paramref name="member"/> unreachable at <paramref name="now"/>, unless it already was.</summary>
    public void Unreachable(TMember member, DateTime now) => _since.TryAdd(member, now);

    /// <summary>Forgets <paramref name="member"/>: reachable again, or gone.</summary>
    public void Reachable(TMember member) => _since.Remove(member);

    /// <summary>The members unreachable for <c>after</c> or longer at <paramref name="now"/>, forgotten as they are returned.</summary>
    public IReadOnlyList<TMember> TakeDue(DateTime now)
    {
        var due = _since.Where(entry => now - entry.Value >= after).Select(entry => entry.Key).ToList();
        foreach (var member in due)
        {
            _since.Remove(member);
        }

        return due;
    }
}
