namespace Rltk.Actors.Wire;

/// <summary>
/// Names the unit of work the scheduler routes: part <paramref name="Part"/> of <paramref name="Parts"/> of a
/// task's chunk number <paramref name="Number"/>. A client cuts a chunk into parts only when its inputs are too
/// large for one message; most chunks are one part, part 0 of 1.
/// </summary>
internal readonly record struct ChunkKey(long Number, int Part = 0, int Parts = 1)
{
    public override string ToString() => Parts == 1 ? $"{Number}" : $"{Number} (part {Part + 1} of {Parts})";
}
