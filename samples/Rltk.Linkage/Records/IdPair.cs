namespace Rltk.Linkage.Records;

/// <summary>A pair of record ids, of dataset A and of dataset B, that belong to the same person: a line of the ground truth.</summary>
public readonly record struct IdPair(string IdA, string IdB);
