namespace Rltk.Linkage.Csv;

/// <summary>Writes CSV rows as RFC 4180 says: a field holding a comma, a quote or a line break goes in double quotes, its quotes doubled.</summary>
public static class CsvWriter
{
    private static readonly char[] NeedQuotes = [',', '"', '\r', '\n'];

    public static void WriteRow(TextWriter writer, params IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            writer.Write(field.IndexOfAny(NeedQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"");
            first = false;
        }

        writer.Write("\r\n");
    }
}
