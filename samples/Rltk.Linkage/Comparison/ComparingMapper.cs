using Rltk.Actors;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Comparison;

/// <summary>
/// The comparison as a worker's mapper runs it: the two datasets, scattered to the workers once, are read
/// once per mapper (<see cref="Enter"/>); each pair then arrives as two indexes into them.
/// </summary>
public sealed class ComparingMapper(Scattered<PersonRecord[]> datasetA, Scattered<PersonRecord[]> datasetB, double threshold)
    : Mapper<CandidatePair, PairDecision>
{
    private PersonRecord[] _a = [];
    private PersonRecord[] _b = [];

    public override void Enter() => (_a, _b) = (datasetA.Value, datasetB.Value);

    public override PairDecision Process(CandidatePair pair) =>
        new(pair, PersonComparer.Compare(in _a[pair.A], in _b[pair.B]) >= threshold);
}
