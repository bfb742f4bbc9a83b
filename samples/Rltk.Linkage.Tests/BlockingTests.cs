using Rltk.Actors;
using Rltk.Linkage.Blocking;
using Rltk.Linkage.Evaluation;
using Rltk.Linkage.Generation;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Tests;

public sealed class BlockingTests
{
    [Theory]
    [InlineData("robert", "R163")]
    [InlineData("rupert", "R163")]
    [InlineData("ashcraft", "A261")]
    [InlineData("tymczak", "T522")]
    [InlineData("pfister", "P236")]
    [InlineData("lee", "L000")]
    [InlineData("o'brien", "O165")]
    [InlineData("", "")]
    public void Soundex_codes_names_as_the_standard_says(string name, string code)
    {
        Assert.Equal(code, Soundex.Of(name));
    }

    [Fact]
    public void Blocking_keeps_nearly_every_true_pair_and_far_fewer_than_all_pairs()
    {
        var data = DataGenerator.Generate(2_000, seed: 11);
        var (a, b) = (Standardized(data.A), Standardized(data.B));
        using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });

        var blocking = Blocker.Block(a, b, maxKeyFrequency: 200, remote);

        Assert.True(new GroundTruth(data.Truth, a, b).PairCompleteness(blocking.Pairs) > 0.97);
        Assert.True(blocking.Pairs.Length < a.Length * b.Length / 20);
        Assert.Equal(blocking.Pairs.Length, blocking.Pairs.Distinct().Count());
    }

    [Fact]
    public void Keys_above_the_cap_make_no_pairs()
    {
        var people = Enumerable.Range(0, 5).Select(i => Person($"p{i}")).ToArray();
        using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var uncapped = Blocker.Block(people, people, maxKeyFrequency: 100, remote);
        var capped = Blocker.Block(people, people, maxKeyFrequency: 9, remote);

        Assert.Equal(25, uncapped.Pairs.Length);
        Assert.Equal(0, uncapped.StopKeys);
        Assert.Empty(capped.Pairs);
        Assert.Equal(capped.Keys, capped.StopKeys);
    }

    [Fact]
    public void Swapped_names_still_share_a_key()
    {
        var person = Person("a-1");
        var swapped = person with { GivenName = person.Surname, Surname = person.GivenName, Postcode = "", DateOfBirth = "" };

        Assert.NotEmpty(BlockingKeys.Of(person).Intersect(BlockingKeys.Of(swapped)));
    }

    private static PersonRecord[] Standardized(PersonRecord[] records) => [.. records.Select(Standardizer.Standardize)];

    private static PersonRecord Person(string id) => new(id, "mary", "smith", "12", "wattle st", "st kilda", "3182", "vic", "19560409");
}
