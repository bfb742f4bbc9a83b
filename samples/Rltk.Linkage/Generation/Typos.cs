namespace Rltk.Linkage.Generation;

/// <summary>Keyboard slips: a character inserted, deleted, substituted or two transposed; a digit mistyped.</summary>
internal static class Typos
{
    public static string Apply(string value, Random random)
    {
        if (value.Length < 2)
        {
            return value;
        }

        var at = random.Next(value.Length);
        var letter = (char)('a' + random.Next(26));
        return random.Next(4) switch
        {
            0 => value.Insert(at, letter.ToString()),
            1 => value.Remove(at, 1),
            2 => value.Remove(at, 1).Insert(at, letter.ToString()),
            _ => Transpose(value, Math.Min(at, value.Length - 2)),
        };
    }

    /// <summary>The value with its digit at <paramref name="at"/> replaced by another digit.</summary>
    public static string ChangeDigit(string value, int at, Random random)
    {
        var chars = value.ToCharArray();
        chars[at] = char.IsAsciiDigit(chars[at]) ? (char)('0' + (chars[at] - '0' + 1 + random.Next(9)) % 10) : (char)('0' + random.Next(10));
        return new string(chars);
    }

    private static string Transpose(string value, int at)
    {
        var chars = value.ToCharArray();
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        return new string(chars);
    }
}
