using Rltk.Actors;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Comparison;

/// <summary>
/// Compares the candidate pairs on a cluster with a <see cref="RemoteTask{TIn,TOut}"/>. Ids travel,
/// records don't: both datasets are scattered to the workers once, and each pair goes as two indexes.
/// </summary>
public static class RemoteComparison
{
    /// <summary>The pairs whose score reaches <paramref name="threshold"/>, in no particular order.</summary>
    public static List<CandidatePair> FindMatches(
        Remote remote, PersonRecord[] a, PersonRecord[] b, IReadOnlyCollection<CandidatePair> pairs, double threshold, int chunkSize,
        IProgress<RunProgress> progress)
    {
        var datasetA = remote.Scatter(a);
        var datasetB = remote.Scatter(b);
        var matches = new List<CandidatePair>();
        using var task = new RemoteTask<CandidatePair, PairDecision>(
            remote,
            ComparingMappers(datasetA, datasetB, threshold),
            decision =>
            {
                if (decision.IsMatch)
                {
                    matches.Add(decision.Pair);
                }
            },
            chunkSize: chunkSize,
            options: new RemoteTaskOptions { Progress = progress, Total = pairs.Count });
        task.Start();
        foreach (var pair in pairs)
        {
            task.Compute(pair);
        }

        task.TaskDone();
        task.Join();
        return matches;
    }

    // A method of its own, so that the factory's closure, which travels to the workers, holds only these
    // three: a lambda written beside the output handler would share its closure, matches too.
    private static Func<Mapper<CandidatePair, PairDecision>> ComparingMappers(
        Scattered<PersonRecord[]> datasetA, Scattered<PersonRecord[]> datasetB, double threshold) =>
        () => new ComparingMapper(datasetA, datasetB, threshold);
}
