using Rltk.Actors;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Blocking;

/// <summary>
/// The document frequency of every blocking key — in how many records it occurs — counted on the cluster by a
/// <see cref="RemoteMapReduce{TIn,TOut}"/>: each worker folds its records' keys into a count of its own, and the
/// workers' counts are merged up a tree; one dictionary comes back.
/// </summary>
public static class KeyFrequencies
{
    public static Dictionary<string, int> Count(IEnumerable<PersonRecord> records, Remote remote)
    {
        using var mapReduce = new RemoteMapReduce<PersonRecord, Dictionary<string, int>>(remote, KeysOf, Merge, seed: []);
        mapReduce.Start();
        mapReduce.Map(records);
        mapReduce.TaskDone();
        return mapReduce.Join();
    }

    private static Dictionary<string, int> KeysOf(PersonRecord record) => BlockingKeys.Of(record).ToDictionary(key => key, _ => 1);

    // Each partial count has a single owner, so the larger one can take the smaller one in place.
    private static Dictionary<string, int> Merge(Dictionary<string, int> first, Dictionary<string, int> second)
    {
        var (into, from) = first.Count >= second.Count ? (first, second) : (second, first);
        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }

        return into;
    }
}
