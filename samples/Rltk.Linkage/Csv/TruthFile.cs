using Rltk.Linkage.Records;

namespace Rltk.Linkage.Csv;

/// <summary>The ground truth as a CSV file: a header <c>id_a,id_b</c>, then one line per pair of records of the same person.</summary>
public static class TruthFile
{
    private static readonly string[] Columns = ["id_a", "id_b"];

    public static void Write(string path, IEnumerable<IdPair> pairs)
    {
        using var writer = new StreamWriter(path);
        CsvWriter.WriteRow(writer, Columns);
        foreach (var pair in pairs)
        {
            CsvWriter.WriteRow(writer, pair.IdA, pair.IdB);
        }
    }

    /// <exception cref="FormatException">The header is not <c>id_a,id_b</c>, or a line has fewer than two fields.</exception>
    public static IdPair[] Read(string path)
    {
        using var reader = new StreamReader(path);
        var rows = CsvReader.ReadRows(reader).ToList();
        if (rows.Count == 0 || !rows[0].Take(2).Select(h => h.Trim()).SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new FormatException($"{path} needs the header line id_a,id_b.");
        }

        var shortRow = rows.FindIndex(1, row => row.Length < 2);
        return shortRow < 0
            ? [.. rows.Skip(1).Select(row => new IdPair(row[0], row[1]))]
            : throw new FormatException($"{path}, pair {shortRow}: needs two ids, id_a and id_b.");
    }
}
