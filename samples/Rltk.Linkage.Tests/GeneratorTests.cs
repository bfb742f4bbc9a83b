using Rltk.Linkage.Generation;

namespace Rltk.Linkage.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_data()
    {
        var first = DataGenerator.Generate(500, seed: 7);
        var second = DataGenerator.Generate(500, seed: 7);

        Assert.Equal(first.A, second.A);
        Assert.Equal(first.B, second.B);
        Assert.Equal(first.Truth, second.Truth);
    }

    [Fact]
    public void Another_seed_gives_other_data()
    {
        Assert.NotEqual(DataGenerator.Generate(500, seed: 7).A, DataGenerator.Generate(500, seed: 8).A);
    }

    [Fact]
    public void The_truth_pairs_a_share_of_A_with_distinct_records_of_B()
    {
        var data = DataGenerator.Generate(1_000, seed: 3);
        var idsOfA = data.A.Select(r => r.Id).ToHashSet();
        var idsOfB = data.B.Select(r => r.Id).ToHashSet();

        Assert.Equal(1_000, data.A.Length);
        Assert.Equal(1_000, data.B.Length);
        Assert.Equal(1_000, idsOfA.Count);
        Assert.Equal(1_000, idsOfB.Count);
        Assert.Equal(550, data.Truth.Length);
        Assert.All(data.Truth, pair => Assert.Contains(pair.IdA, idsOfA));
        Assert.All(data.Truth, pair => Assert.Contains(pair.IdB, idsOfB));
        Assert.Equal(550, data.Truth.Select(pair => pair.IdA).Distinct().Count());
        Assert.Equal(550, data.Truth.Select(pair => pair.IdB).Distinct().Count());
    }

    [Fact]
    public void A_duplicate_differs_from_its_original_but_keeps_most_of_it()
    {
        var data = DataGenerator.Generate(1_000, seed: 3);
        var a = data.A.ToDictionary(r => r.Id);
        var b = data.B.ToDictionary(r => r.Id);

        foreach (var (idA, idB) in data.Truth)
        {
            var (original, duplicate) = (a[idA], b[idB]);
            string[] originalFields = [original.GivenName, original.Surname, original.StreetNumber, original.AddressLine, original.Suburb, original.Postcode, original.DateOfBirth];
            string[] duplicateFields = [duplicate.GivenName, duplicate.Surname, duplicate.StreetNumber, duplicate.AddressLine, duplicate.Suburb, duplicate.Postcode, duplicate.DateOfBirth];
            var unchanged = originalFields.Zip(duplicateFields).Count(field => field.First == field.Second);
            Assert.InRange(unchanged, 3, 7); // at most three modifications, a swap touching two fields
        }

        Assert.True(data.Truth.Count(pair => a[pair.IdA] with { Id = "" } != b[pair.IdB] with { Id = "" }) > 500);
    }
}
