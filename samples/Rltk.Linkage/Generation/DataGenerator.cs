using Rltk.Linkage.Records;

namespace Rltk.Linkage.Generation;

/// <summary>Two datasets to link and the truth about them: which record of B is a duplicate of which record of A.</summary>
public sealed record GeneratedData(PersonRecord[] A, PersonRecord[] B, IdPair[] Truth);

/// <summary>
/// A FEBRL-like generator: dataset A holds original records of distinct people; dataset B as many
/// records, of which <see cref="DuplicateShare"/> are corrupted duplicates of A's records and the rest
/// other people, in random order. Ids say nothing about matches. The same seed gives the same data.
/// </summary>
public static class DataGenerator
{
    public const double DuplicateShare = 0.55;

    public static GeneratedData Generate(int records, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        var random = new Random(seed);
        var people = new PersonFactory();
        var a = new PersonRecord[records];
        for (var i = 0; i < records; i++)
        {
            a[i] = people.Create($"a-{i + 1}", random);
        }

        var duplicated = Enumerable.Range(0, records).ToArray();
        random.Shuffle(duplicated);
        var duplicates = (int)Math.Round(records * DuplicateShare);
        var b = new (PersonRecord Record, string? OriginalId)[records];
        for (var i = 0; i < records; i++)
        {
            b[i] = i < duplicates
                ? (Corruptor.Corrupt(a[duplicated[i]], random), a[duplicated[i]].Id)
                : (people.Create("", random), null);
        }

        random.Shuffle(b);
        var truth = new List<IdPair>(duplicates);
        for (var i = 0; i < records; i++)
        {
            b[i].Record = b[i].Record with { Id = $"b-{i + 1}" };
            if (b[i].OriginalId is { } originalId)
            {
                truth.Add(new IdPair(originalId, b[i].Record.Id));
            }
        }

        return new GeneratedData(a, [.. b.Select(entry => entry.Record)], [.. truth]);
    }
}
