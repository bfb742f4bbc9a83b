using Rltk.Linkage.Records;

namespace Rltk.Linkage.Csv;

/// <summary>
/// A dataset of person records as a CSV file with a header, FEBRL's column names. Columns are found by
/// name, so a file may order them as it likes and hold others, which are ignored.
/// </summary>
public static class PersonFile
{
    public static readonly string[] Columns =
        ["rec_id", "given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state", "date_of_birth"];

    public static void Write(string path, IEnumerable<PersonRecord> records)
    {
        using var writer = new StreamWriter(path);
        CsvWriter.WriteRow(writer, Columns);
        foreach (var r in records)
        {
            CsvWriter.WriteRow(writer, r.Id, r.GivenName, r.Surname, r.StreetNumber, r.AddressLine, r.Suburb, r.Postcode, r.State, r.DateOfBirth);
        }
    }

    /// <exception cref="FormatException">A column is missing, a row is short, or an id is empty or repeated.</exception>
    public static PersonRecord[] Read(string path)
    {
        using var reader = new StreamReader(path);
        using var rows = CsvReader.ReadRows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException($"{path} is empty: it needs a header line naming the columns {string.Join(",", Columns)}.");
        }

        var at = ColumnIndexes(path, rows.Current);
        var records = new List<PersonRecord>();
        var ids = new HashSet<string>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            var number = records.Count + 1;
            if (row.Length <= at.Max())
            {
                throw new FormatException($"{path}, record {number}: {row.Length} fields, fewer than the header's columns.");
            }

            var record = new PersonRecord(row[at[0]], row[at[1]], row[at[2]], row[at[3]], row[at[4]], row[at[5]], row[at[6]], row[at[7]], row[at[8]]);
            if (record.Id.Length == 0 || !ids.Add(record.Id))
            {
                throw new FormatException($"{path}, record {number}: the id '{record.Id}' is {(record.Id.Length == 0 ? "empty" : "repeated")}; every record needs an id of its own.");
            }

            records.Add(record);
        }

        return [.. records];
    }

    private static int[] ColumnIndexes(string path, string[] header)
    {
        var indexes = Columns.Select(column => Array.FindIndex(header, h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase))).ToArray();
        var missing = Columns.Where((_, i) => indexes[i] < 0).ToArray();
        return missing.Length == 0
            ? indexes
            : throw new FormatException($"{path} has no column {string.Join(", ", missing)}; its header must name {string.Join(",", Columns)}.");
    }
}
