namespace Rltk.Actors.Hosting;

/// <summary>
/// Since when each member has been unreachable, for the downing actors, on a clock that only moves forward
/// (<see cref="Now"/>): a member is due to be downed once it has stayed unreachable for the whole of its
/// limit; being reachable again, even for a moment, starts its time anew.
/// </summary>
internal sealed class UnreachableTimes<TMember> where TMember : notnull
{
    private readonly Dictionary<TMember, TimeSpan> _since = [];

    /// <summary>The time on the downing actors' clock: <see cref="Environment.TickCount64"/>, which no change of the wall clock moves.</summary>
    public static TimeSpan Now => TimeSpan.FromMilliseconds(Environment.TickCount64);

    public bool IsEmpty => _since.Count == 0;

    /// <summary>Notes <paramref name="member"/> unreachable at <paramref name="now"/>, unless it already was.</summary>
    public void Unreachable(TMember member, TimeSpan now) => _since.TryAdd(member, now);

    /// <summary>Forgets <paramref name="member"/>: reachable again, or gone.</summary>
    public void Reachable(TMember member) => _since.Remove(member);

    /// <summary>The members unreachable for their <paramref name="limit"/> or longer at <paramref name="now"/>, forgotten as they are returned.</summary>
    public IReadOnlyList<TMember> TakeDue(TimeSpan now, Func<TMember, TimeSpan> limit)
    {
        var due = _since.Where(entry => now - entry.Value >= limit(entry.Key)).Select(entry => entry.Key).ToList();
        foreach (var member in due)
        {
            _since.Remove(member);
        }

        return due;
    }
}
