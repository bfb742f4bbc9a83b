using Rltk.Linkage.Records;

namespace Rltk.Linkage.Blocking;

/// <summary>
/// The blocking keys of a record, for token blocking: two records become a candidate pair when they share
/// a key. Each kind of key survives errors that break another:
/// <c>n:</c> the Soundex of either name, under one prefix so that swapped names still meet;
/// <c>ny:</c> either name's Soundex with the birth year, narrow enough to stay below the cap for common names;
/// <c>p:</c> the postcode; <c>d:</c> the birth date; <c>a:</c> the street number with the postcode.
/// </summary>
public static class BlockingKeys
{
    public static string[] Of(in PersonRecord r)
    {
        var keys = new List<string>(8);
        var year = r.DateOfBirth.Length >= 4 ? r.DateOfBirth[..4] : "";
        foreach (var sound in new[] { Soundex.Of(r.GivenName), Soundex.Of(r.Surname) })
        {
            if (sound.Length > 0)
            {
                keys.Add("n:" + sound);
                AddIfPresent(keys, $"ny:{sound}:", year);
            }
        }

        AddIfPresent(keys, "p:", r.Postcode);
        AddIfPresent(keys, "d:", r.DateOfBirth);
        if (r.StreetNumber.Length > 0)
        {
            AddIfPresent(keys, $"a:{r.StreetNumber}:", r.Postcode);
        }

        return [.. keys.Distinct()];
    }

    private static void AddIfPresent(List<string> keys, string prefix, string value)
    {
        if (value.Length > 0)
        {
            keys.Add(prefix + value);
        }
    }
}
