using Rltk.Linkage.Records;

namespace Rltk.Linkage.Evaluation;

/// <summary>The true matches as pairs of indexes into datasets A and B, to judge blocking and comparison by.</summary>
public sealed class GroundTruth
{
    private readonly HashSet<CandidatePair> _pairs;

    /// <exception cref="FormatException">A pair names an id that its dataset does not hold.</exception>
    public GroundTruth(IEnumerable<IdPair> truth, PersonRecord[] a, PersonRecord[] b)
    {
        var indexOfA = IndexesOf(a);
        var indexOfB = IndexesOf(b);
        _pairs = [.. truth.Select(pair => new CandidatePair(Find(indexOfA, pair.IdA, "A"), Find(indexOfB, pair.IdB, "B")))];
    }

    public int Count => _pairs.Count;

    /// <summary>The share of true matches among the candidate pairs: what blocking kept.</summary>
    public double PairCompleteness(IEnumerable<CandidatePair> candidates) =>
        Count == 0 ? 0 : (double)candidates.Count(_pairs.Contains) / Count;

    /// <param name="matches">Distinct pairs, as the comparison found them.</param>
    public LinkageQuality Evaluate(IReadOnlyCollection<CandidatePair> matches)
    {
        var truePositives = matches.Count(_pairs.Contains);
        return new LinkageQuality(truePositives, matches.Count - truePositives, Count - truePositives);
    }

    private static Dictionary<string, int> IndexesOf(PersonRecord[] records) =>
        records.Select((record, index) => (record.Id, index)).ToDictionary(entry => entry.Id, entry => entry.index);

    private static int Find(Dictionary<string, int> indexes, string id, string dataset) =>
        indexes.TryGetValue(id, out var index)
            ? index
            : throw new FormatException($"The ground truth names the id '{id}', which dataset {dataset} does not hold.");
}
