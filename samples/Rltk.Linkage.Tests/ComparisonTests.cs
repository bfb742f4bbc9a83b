using Rltk.Linkage.Comparison;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Tests;

public sealed class ComparisonTests
{
    private static readonly PersonRecord Mary = new("a-1", "mary", "smith", "12", "wattle st", "st kilda", "3182", "vic", "19560409");

    [Fact]
    public void A_record_matches_itself_perfectly()
    {
        Assert.Equal(1.0, PersonComparer.Compare(Mary, Mary with { Id = "b-1" }), precision: 9);
    }

    [Fact]
    public void A_corrupted_duplicate_scores_above_the_threshold_and_a_neighbour_below()
    {
        var duplicate = Mary with { Id = "b-1", GivenName = "marry", Surname = "smyth", DateOfBirth = "19560904", Postcode = "" };
        var neighbour = Mary with { Id = "b-2", GivenName = "john", Surname = "taylor", StreetNumber = "14", DateOfBirth = "19811130" };

        var duplicateScore = PersonComparer.Compare(Mary, duplicate);
        var neighbourScore = PersonComparer.Compare(Mary, neighbour);

        Assert.True(duplicateScore >= PersonComparer.DefaultThreshold, $"duplicate scored {duplicateScore}");
        Assert.True(neighbourScore < PersonComparer.DefaultThreshold, $"neighbour scored {neighbourScore}");
        Assert.True(duplicateScore > neighbourScore);
    }

    [Fact]
    public void Swapped_names_score_as_well_as_names_in_place()
    {
        var swapped = Mary with { GivenName = Mary.Surname, Surname = Mary.GivenName };

        Assert.Equal(PersonComparer.Compare(Mary, Mary), PersonComparer.Compare(Mary, swapped), precision: 9);
    }

    [Theory]
    [InlineData("19560409", "19560409", 1.0)]
    [InlineData("19560409", "19560904", 0.8)]
    [InlineData("19560409", "19560408", 0.7)]
    [InlineData("19560409", "19650409", 0.3)]
    [InlineData("19560409", "19811130", 0.0)]
    public void Dates_tolerate_a_day_month_swap_and_one_digit(string a, string b, double similarity)
    {
        Assert.Equal(similarity, FieldSimilarity.BirthDate(a, b));
    }

    [Fact]
    public void A_missing_value_is_no_evidence_either_way()
    {
        Assert.Null(FieldSimilarity.BirthDate("", "19560409"));
        Assert.Null(FieldSimilarity.Name("mary", ""));
        Assert.Equal(PersonComparer.Compare(Mary, Mary), PersonComparer.Compare(Mary, Mary with { Suburb = "" }), precision: 9);
    }

    [Fact]
    public void An_initial_agrees_with_the_name_it_begins()
    {
        Assert.Equal(0.8, FieldSimilarity.Name("m", "mary"));
        Assert.Equal(0.0, FieldSimilarity.Name("j", "mary"));
    }
}
