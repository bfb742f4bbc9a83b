using System.Text;

namespace Rltk.Linkage.Csv;

/// <summary>
/// Reads CSV as RFC 4180 writes it: fields separated by commas, lines by CRLF or LF; a field in double
/// quotes may hold commas, line breaks and quotes (doubled). Blank lines are skipped.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<string[]> ReadRows(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var rowStarted = false;
        var inQuotes = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append((char)c);
                }
                else if (reader.Peek() == '"')
                {
                    field.Append((char)reader.Read());
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = rowStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    rowStarted = true;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    if (rowStarted)
                    {
                        yield return EndRow(fields, field);
                        rowStarted = false;
                    }

                    break;
                default:
                    field.Append((char)c);
                    rowStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException("The CSV ends inside a quoted field: a closing double quote is missing.");
        }

        if (rowStarted)
        {
            yield return EndRow(fields, field);
        }
    }

    private static string[] EndRow(List<string> fields, StringBuilder field)
    {
        fields.Add(field.ToString());
        field.Clear();
        var row = fields.ToArray();
        fields.Clear();
        return row;
    }
}
