using Rltk.Linkage.Records;

namespace Rltk.Linkage.Tests;

public sealed class StandardizerTests
{
    [Fact]
    public void Text_is_lower_case_with_single_spaces_street_types_abbreviated_and_numbers_digits_only()
    {
        var raw = new PersonRecord("A-1", " Mary ", "SMITH", "12", "Wattle   Street", "St  Kilda", "3182 ", "VIC", "1956-04-09");

        var standardized = Standardizer.Standardize(raw);

        Assert.Equal(new PersonRecord("A-1", "mary", "smith", "12", "wattle st", "st kilda", "3182", "vic", "19560409"), standardized);
    }

    [Fact]
    public void A_full_and_an_abbreviated_street_type_end_up_equal()
    {
        var full = new PersonRecord("a", "", "", "", "ocean parade", "", "", "", "");

        Assert.Equal(Standardizer.Standardize(full), Standardizer.Standardize(full with { AddressLine = "ocean pde" }));
    }
}
