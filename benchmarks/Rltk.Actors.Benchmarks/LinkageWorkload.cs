using Rltk.Linkage.Blocking;
using Rltk.Linkage.Comparison;
using Rltk.Linkage.Evaluation;
using Rltk.Linkage.Generation;
using Rltk.Linkage.Records;
using Rltk.Linkage.Running;

namespace Rltk.Actors.Benchmarks;

/// <summary>
/// W9: the linkage job's comparison stage at benchmark size — the candidate pairs of 20,000 x 20,000 generated
/// records (over 1,000,000), each scored and thresholded — as a plain loop, Parallel.For and a RemoteTask on the
/// process cluster. The checksum is the number of matches; the F1 against the generator's truth is reported beside.
/// </summary>
internal sealed class LinkageWorkload
{
    private readonly PersonRecord[] _a;
    private readonly PersonRecord[] _b;
    private readonly CandidatePair[] _pairs;
    private readonly GroundTruth _truth;

    private LinkageWorkload(PersonRecord[] a, PersonRecord[] b, CandidatePair[] pairs, GroundTruth truth) =>
        (_a, _b, _pairs, _truth) = (a, b, pairs, truth);

    /// <summary>Generates the data and blocks it (key frequencies on <paramref name="cluster"/>), once.</summary>
    public static LinkageWorkload Prepare(Remote cluster)
    {
        var data = DataGenerator.Generate(LinkageSettings.W9Records, seed: 42);
        var (a, b) = (data.A.Select(Standardizer.Standardize).ToArray(), data.B.Select(Standardizer.Standardize).ToArray());
        var blocking = Blocker.Block(a, b, new LinkageSettings().MaxKeyFrequency, cluster);
        return new LinkageWorkload(a, b, blocking.Pairs, new GroundTruth(data.Truth, a, b));
    }

    public int Pairs => _pairs.Length;

    public Workload W9(Remote cluster) => new("W9", _pairs.Length, Sequential(),
    [
        new("sequential", Sequential),
        new("parallel-for", ParallelFor),
        new("rltk-remote-task", () => Remote(cluster).Count),
    ]);

    /// <summary>The F1 of the cluster's matches against the generator's ground truth.</summary>
    public double F1(Remote cluster) => _truth.Evaluate(Remote(cluster)).F1;

    private long Sequential()
    {
        long matches = 0;
        foreach (var pair in _pairs)
        {
            if (PersonComparer.Compare(_a[pair.A], _b[pair.B]) >= PersonComparer.DefaultThreshold)
            {
                matches++;
            }
        }

        return matches;
    }

    private long ParallelFor()
    {
        long matches = 0;
        Parallel.For(0, _pairs.Length, () => 0L, (i, _, local) =>
        {
            var pair = _pairs[i];
            return PersonComparer.Compare(_a[pair.A], _b[pair.B]) >= PersonComparer.DefaultThreshold ? local + 1 : local;
        }, local => Interlocked.Add(ref matches, local));
        return matches;
    }

    private List<CandidatePair> Remote(Remote cluster) =>
        RemoteComparison.FindMatches(cluster, _a, _b, _pairs, PersonComparer.DefaultThreshold, new LinkageSettings().ChunkSize, NoProgress.Instance);

    private sealed class NoProgress : IProgress<RunProgress>
    {
        public static readonly NoProgress Instance = new();

        public void Report(RunProgress value)
        {
        }
    }
}
