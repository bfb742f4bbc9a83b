using Rltk.Linkage.Records;

namespace Rltk.Linkage.Comparison;

/// <summary>A worker's answer for a candidate pair: whether it is a match. Plain values, so chunks of answers travel as raw memory.</summary>
public readonly record struct PairDecision(CandidatePair Pair, bool IsMatch);
