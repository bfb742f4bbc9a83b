namespace Rltk.Linkage.Records;

/// <summary>
/// Puts a record read from a file into the form the blocking and the comparison expect: lower case, single
/// spaces, street types abbreviated (street and st compare equal), postcode and birth date as digits only.
/// </summary>
public static class Standardizer
{
    private static readonly Dictionary<string, string> StreetTypeAbbreviations =
        StreetTypes.All.SelectMany(t => new[] { (t.Full, t.Abbreviation), (t.Abbreviation, t.Abbreviation) })
            .ToDictionary(t => t.Item1, t => t.Item2);

    public static PersonRecord Standardize(PersonRecord r) => r with
    {
        GivenName = Text(r.GivenName),
        Surname = Text(r.Surname),
        StreetNumber = Text(r.StreetNumber),
        AddressLine = string.Join(' ', Text(r.AddressLine).Split(' ').Select(word => StreetTypeAbbreviations.GetValueOrDefault(word, word))),
        Suburb = Text(r.Suburb),
        Postcode = Digits(r.Postcode),
        State = Text(r.State),
        DateOfBirth = Digits(r.DateOfBirth),
    };

    private static string Text(string value) =>
        string.Join(' ', value.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));
}
