using Rltk.Linkage.Records;

namespace Rltk.Linkage.Generation;

/// <summary>
/// Makes a corrupted duplicate of a record, in the spirit of FEBRL's generator: one to three modifications,
/// each a typo, an OCR or phonetic substitution, swapped names, an abbreviation, a missing value, a
/// date error or a postcode digit error.
/// </summary>
internal static class Corruptor
{
    // Each entry is drawn with equal chance, so an entry listed twice is twice as likely.
    private static readonly Func<PersonRecord, Random, PersonRecord>[] Modifications =
    [
        TypoInText, TypoInText, TypoInText,
        SubstituteSound, SubstituteSound,
        SwapNames,
        AbbreviateStreetType, AbbreviateStreetType,
        GivenNameToInitial,
        DropValue, DropValue,
        DateError, DateError,
        PostcodeError,
    ];

    // OCR confusions and spellings that sound alike, as FEBRL's lookup tables hold them.
    private static readonly (string From, string To)[] Substitutions =
    [
        ("ph", "f"), ("f", "ph"), ("ck", "k"), ("c", "k"), ("k", "c"), ("ie", "y"), ("y", "ie"), ("ou", "ow"),
        ("ee", "ea"), ("s", "z"), ("th", "t"), ("mm", "m"), ("ll", "l"), ("tt", "t"), ("ei", "ie"), ("ae", "e"),
        ("m", "rn"), ("rn", "m"), ("cl", "d"), ("d", "cl"), ("i", "l"), ("l", "i"), ("h", "li"), ("u", "v"), ("g", "q"),
    ];

    public static PersonRecord Corrupt(PersonRecord original, Random random)
    {
        var record = original;
        var modifications = 1 + random.Next(3);
        for (var i = 0; i < modifications; i++)
        {
            record = Modifications[random.Next(Modifications.Length)](record, random);
        }

        return record;
    }

    private static PersonRecord TypoInText(PersonRecord r, Random random) => random.Next(10) switch
    {
        < 3 => r with { GivenName = Typos.Apply(r.GivenName, random) },
        < 6 => r with { Surname = Typos.Apply(r.Surname, random) },
        < 8 => r with { AddressLine = Typos.Apply(r.AddressLine, random) },
        _ => r with { Suburb = Typos.Apply(r.Suburb, random) },
    };

    private static PersonRecord SubstituteSound(PersonRecord r, Random random) => random.Next(5) switch
    {
        < 2 => r with { GivenName = Substitute(r.GivenName, random) },
        < 4 => r with { Surname = Substitute(r.Surname, random) },
        _ => r with { Suburb = Substitute(r.Suburb, random) },
    };

    private static string Substitute(string value, Random random)
    {
        var applicable = Array.FindAll(Substitutions, s => value.Contains(s.From, StringComparison.Ordinal));
        if (applicable.Length == 0)
        {
            return Typos.Apply(value, random);
        }

        var (from, to) = applicable[random.Next(applicable.Length)];
        var at = value.IndexOf(from, StringComparison.Ordinal);
        return string.Concat(value.AsSpan(0, at), to, value.AsSpan(at + from.Length));
    }

    private static PersonRecord SwapNames(PersonRecord r, Random random) => r with { GivenName = r.Surname, Surname = r.GivenName };

    private static PersonRecord AbbreviateStreetType(PersonRecord r, Random random)
    {
        foreach (var type in StreetTypes.All)
        {
            if (r.AddressLine.EndsWith(" " + type.Full, StringComparison.Ordinal))
            {
                return r with { AddressLine = r.AddressLine[..^type.Full.Length] + type.Abbreviation };
            }
        }

        return r;
    }

    private static PersonRecord GivenNameToInitial(PersonRecord r, Random random) =>
        r.GivenName.Length > 1 ? r with { GivenName = r.GivenName[..1] } : r;

    private static PersonRecord DropValue(PersonRecord r, Random random) => random.Next(7) switch
    {
        0 => r with { GivenName = "" },
        1 => r with { Surname = "" },
        2 => r with { StreetNumber = "" },
        3 => r with { AddressLine = "" },
        4 => r with { Suburb = "" },
        5 => r with { Postcode = "" },
        _ => r with { DateOfBirth = "" },
    };

    private static PersonRecord DateError(PersonRecord r, Random random)
    {
        var date = r.DateOfBirth;
        if (date.Length != 8)
        {
            return r;
        }

        var (month, day) = (date.Substring(4, 2), date.Substring(6, 2));
        return string.CompareOrdinal(day, "12") <= 0 && day != month && random.Next(2) == 0
            ? r with { DateOfBirth = date[..4] + day + month }
            : r with { DateOfBirth = Typos.ChangeDigit(date, 2 + random.Next(6), random) }; // not the century
    }

    private static PersonRecord PostcodeError(PersonRecord r, Random random) =>
        r.Postcode.Length == 0 ? r : r with { Postcode = Typos.ChangeDigit(r.Postcode, random.Next(r.Postcode.Length), random) };
}
