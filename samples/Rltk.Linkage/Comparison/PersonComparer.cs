using Rltk.Linkage.Records;

namespace Rltk.Linkage.Comparison;

/// <summary>
/// Compares two person records: a weighted mean of field similarities, names compared both ways round
/// (given and surname may be swapped). A pair whose score reaches the threshold is a match.
/// </summary>
public static class PersonComparer
{
    public const double DefaultThreshold = 0.75;

    private const double GivenNameWeight = 0.2;
    private const double SurnameWeight = 0.25;
    private const double BirthDateWeight = 0.25;
    private const double StreetNumberWeight = 0.05;
    private const double AddressLineWeight = 0.1;
    private const double SuburbWeight = 0.075;
    private const double PostcodeWeight = 0.075;

    /// <summary>The score of a pair, in [0, 1].</summary>
    public static double Compare(in PersonRecord a, in PersonRecord b)
    {
        var (given, surname) = Names(a, b);
        var score = default(WeightedScore);
        score.Add(GivenNameWeight, given);
        score.Add(SurnameWeight, surname);
        score.Add(BirthDateWeight, FieldSimilarity.BirthDate(a.DateOfBirth, b.DateOfBirth));
        score.Add(StreetNumberWeight, FieldSimilarity.Exact(a.StreetNumber, b.StreetNumber));
        score.Add(AddressLineWeight, FieldSimilarity.Text(a.AddressLine, b.AddressLine));
        score.Add(SuburbWeight, FieldSimilarity.Place(a.Suburb, b.Suburb));
        score.Add(PostcodeWeight, FieldSimilarity.Postcode(a.Postcode, b.Postcode));
        return score.Value;
    }

    /// <summary>The similarities of given name and surname, taken crosswise when that agrees better.</summary>
    private static (double? Given, double? Surname) Names(in PersonRecord a, in PersonRecord b)
    {
        var straight = (FieldSimilarity.Name(a.GivenName, b.GivenName), FieldSimilarity.Name(a.Surname, b.Surname));
        var crossed = (FieldSimilarity.Name(a.GivenName, b.Surname), FieldSimilarity.Name(a.Surname, b.GivenName));
        return Sum(crossed) > Sum(straight) ? crossed : straight;
    }

    private static double Sum((double? Given, double? Surname) names) => (names.Given ?? 0) + (names.Surname ?? 0);
}
