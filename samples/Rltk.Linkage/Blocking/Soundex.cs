namespace Rltk.Linkage.Blocking;

/// <summary>
/// American Soundex: a name's first letter and three digits for the consonant sounds that follow, so that
/// names spelt differently but said alike (smith, smyth) get the same code.
/// </summary>
public static class Soundex
{
    //                                       abcdefghijklmnopqrstuvwxyz
    private static ReadOnlySpan<byte> Codes => "01230120022455012623010202"u8;

    /// <summary>The code of <paramref name="name"/> (lower-case letters; anything else is skipped), or "" when it has no letter.</summary>
    public static string Of(string name)
    {
        Span<char> code = stackalloc char[4];
        var length = 0;
        var previous = '\0';
        foreach (var c in name)
        {
            if (c is < 'a' or > 'z')
            {
                continue;
            }

            var digit = (char)Codes[c - 'a'];
            if (length == 0)
            {
                code[length++] = char.ToUpperInvariant(c);
            }
            else if (digit != '0' && digit != previous)
            {
                code[length++] = digit;
                if (length == 4)
                {
                    break;
                }
            }

            // h and w do not separate two letters of the same code; vowels do.
            if (c is not ('h' or 'w'))
            {
                previous = digit;
            }
        }

        if (length == 0)
        {
            return "";
        }

        code[length..].Fill('0');
        return new string(code);
    }
}
