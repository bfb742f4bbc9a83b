namespace Rltk.Linkage.Records;

/// <summary>Street types as written in full and as abbreviated, the most frequent first.</summary>
public static class StreetTypes
{
    public static readonly StreetType[] All =
    [
        new("street", "st"),
        new("road", "rd"),
        new("avenue", "ave"),
        new("drive", "dr"),
        new("court", "ct"),
        new("place", "pl"),
        new("crescent", "cres"),
        new("close", "cl"),
        new("parade", "pde"),
        new("lane", "ln"),
        new("terrace", "tce"),
        new("circuit", "cct"),
        new("highway", "hwy"),
        new("boulevard", "bvd"),
        new("grove", "gr"),
    ];
}

/// <summary>A street type as written in full and abbreviated: street and st.</summary>
public readonly record struct StreetType(string Full, string Abbreviation);
