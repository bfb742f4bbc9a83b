namespace Rltk.Linkage.Records;

/// <summary>A pair of records to compare, as indexes into dataset A and dataset B: plain ints, so chunks of pairs travel as raw memory.</summary>
public readonly record struct CandidatePair(int A, int B);
