namespace Rltk.TestHandlers.Words;

/// <summary>A dependency of the test handlers' assembly, shipped beside it.</summary>
public static class Spelling
{
    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    public static string Of(int x) => string.Join('-', x.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => Digits[d - '0']));
}
