using F23.StringSimilarity;

namespace Rltk.Linkage.Comparison;

/// <summary>Similarities of single fields, each in [0, 1], or null when either value is missing.</summary>
public static class FieldSimilarity
{
    // Two names picked at random score about 0.4-0.6 on Jaro-Winkler, two addresses about 0.3-0.5 on
    // normalized Levenshtein: those levels are rescaled to 0, so that only real agreement adds to a score.
    private const double NameFloor = 0.6;
    private const double TextFloor = 0.5;

    private static readonly JaroWinkler JaroWinkler = new();
    private static readonly NormalizedLevenshtein Levenshtein = new();

    /// <summary>Jaro-Winkler; a lone initial agrees with a name that starts with it, less than the full name would.</summary>
    public static double? Name(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }

        if (a.Length == 1 || b.Length == 1)
        {
            return a[0] == b[0] ? 0.8 : 0;
        }

        return AboveFloor(JaroWinkler.Similarity(a, b), NameFloor);
    }

    /// <summary>Normalized Levenshtein, for an address line.</summary>
    public static double? Text(string a, string b) =>
        a.Length == 0 || b.Length == 0 ? null : AboveFloor(Levenshtein.Similarity(a, b), TextFloor);

    /// <summary>Jaro-Winkler, as for a name: a suburb is a name too.</summary>
    public static double? Place(string a, string b) =>
        a.Length == 0 || b.Length == 0 ? null : AboveFloor(JaroWinkler.Similarity(a, b), NameFloor);

    public static double? Exact(string a, string b) =>
        a.Length == 0 || b.Length == 0 ? null : a == b ? 1 : 0;

    /// <summary>1 when equal, 0.6 when one digit differs, else 0.</summary>
    public static double? Postcode(string a, string b) =>
        a.Length == 0 || b.Length == 0 ? null : a == b ? 1 : DifferingPositions(a, b) == 1 ? 0.6 : 0;

    /// <summary>
    /// Dates as yyyymmdd: 1 when equal; 0.8 when day and month are swapped; 0.7 when one digit differs,
    /// 0.3 when two do; else 0.
    /// </summary>
    public static double? BirthDate(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }

        if (a.Length == 8 && b.Length == 8 && a.AsSpan(0, 4).SequenceEqual(b.AsSpan(0, 4)) &&
            a.AsSpan(4, 2).SequenceEqual(b.AsSpan(6, 2)) && a.AsSpan(6, 2).SequenceEqual(b.AsSpan(4, 2)) && a != b)
        {
            return 0.8;
        }

        return DifferingPositions(a, b) switch
        {
            0 => 1,
            1 => 0.7,
            2 => 0.3,
            _ => 0,
        };
    }

    private static double AboveFloor(double similarity, double floor) => Math.Max(0, (similarity - floor) / (1 - floor));

    /// <summary>How many positions hold different characters; int.MaxValue for strings of different lengths.</summary>
    private static int DifferingPositions(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return int.MaxValue;
        }

        var differing = 0;
        for (var i = 0; i < a.Length; i++)
        {
            differing += a[i] != b[i] ? 1 : 0;
        }

        return differing;
    }
}
