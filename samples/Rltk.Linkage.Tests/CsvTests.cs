using Rltk.Linkage.Csv;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Tests;

public sealed class CsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rltk-linkage-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Records_with_commas_quotes_and_line_breaks_come_back_as_written()
    {
        PersonRecord[] records =
        [
            new("a-1", "mary, jane", "o\"brien", "12", "wattle st, unit 4", "st kilda", "3182", "vic", "19560409"),
            new("a-2", "", "smith", "", "line one\r\nline two", "", "", "", ""),
            new("a-3", "\"quoted\"", " padded ", "1", "a\nb", "x,y", "0800", "nt", "20000101"),
        ];
        var path = Path.Combine(_folder, "a.csv");

        PersonFile.Write(path, records);

        Assert.Equal(records, PersonFile.Read(path));
    }

    [Fact]
    public void Truth_pairs_come_back_as_written()
    {
        IdPair[] pairs = [new("a-1", "b-7"), new("a,2", "b\"3")];
        var path = Path.Combine(_folder, "truth.csv");

        TruthFile.Write(path, pairs);

        Assert.Equal(pairs, TruthFile.Read(path));
    }

    [Fact]
    public void The_reader_takes_LF_and_CRLF_lines_skips_blank_ones_and_keeps_empty_fields()
    {
        var rows = CsvReader.ReadRows(new StringReader("a,b\n\r\n1,\"\"\r\n,\n\"x\"\"y\",z")).ToList();

        Assert.Equal([["a", "b"], ["1", ""], ["", ""], ["x\"y", "z"]], rows);
    }

    [Fact]
    public void An_unterminated_quote_is_an_error()
    {
        Assert.Throws<FormatException>(() => CsvReader.ReadRows(new StringReader("a,\"b\n1,2")).ToList());
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order()
    {
        var path = Path.Combine(_folder, "reordered.csv");
        File.WriteAllText(path,
            "date_of_birth,state,postcode,suburb,address_1,street_number,surname,given_name,rec_id,soc_sec_id\n" +
            "19560409,vic,3182,st kilda,wattle st,12,smith,mary,a-1,123\n");

        var record = Assert.Single(PersonFile.Read(path));

        Assert.Equal(new PersonRecord("a-1", "mary", "smith", "12", "wattle st", "st kilda", "3182", "vic", "19560409"), record);
    }

    [Fact]
    public void A_missing_column_or_a_repeated_id_is_named()
    {
        var noSuburb = Path.Combine(_folder, "no-suburb.csv");
        File.WriteAllText(noSuburb, "rec_id,given_name,surname,street_number,address_1,postcode,state,date_of_birth\n");
        var repeated = Path.Combine(_folder, "repeated.csv");
        File.WriteAllText(repeated, string.Join(',', PersonFile.Columns) + "\na-1,,,,,,,,\na-1,,,,,,,,\n");

        Assert.Contains("suburb", Assert.Throws<FormatException>(() => PersonFile.Read(noSuburb)).Message);
        Assert.Contains("'a-1' is repeated", Assert.Throws<FormatException>(() => PersonFile.Read(repeated)).Message);
    }
}
