namespace Rltk.Actors.Samples;

/// <summary>A record of a dataset: its id and the name the linking compares.</summary>
public sealed record Record(string Id, string Name);

/// <summary>The seed's <c>is_pair</c> and <c>input_handler</c>: what the workers run.</summary>
public static class Linking
{
    public static bool IsPair(Record r1, Record r2) =>
        string.Equals(r1.Name.Trim(), r2.Name.Trim(), StringComparison.OrdinalIgnoreCase);

    public static (Record, Record, bool) InputHandler((Record R1, Record R2) pair) => (pair.R1, pair.R2, IsPair(pair.R1, pair.R2));
}

/// <summary>
/// The seed's second input handler as a mapper class: records are read by id from a data store (here, two
/// files the client gave every worker with AddDependencies); Enter opens the store once per mapper, not once per pair.
/// </summary>
public sealed class StoreLinking : Mapper<(string, string), (string, string, bool)>
{
    private Dictionary<string, Record> _ds1 = [];
    private Dictionary<string, Record> _ds2 = [];

    public override void Enter()
    {
        _ds1 = Datasets.ReadStore(Dependencies.PathOf("ds1.csv"));
        _ds2 = Datasets.ReadStore(Dependencies.PathOf("ds2.csv"));
    }

    public override (string, string, bool) Process((string, string) ids)
    {
        var (r1, r2) = (_ds1[ids.Item1], _ds2[ids.Item2]);
        return (ids.Item1, ids.Item2, Linking.IsPair(r1, r2));
    }
}

/// <summary>Two small datasets to link, and RLTK's <c>get_record_pairs</c>.</summary>
public static class Datasets
{
    public static IReadOnlyList<Record> Left { get; } = [new("a1", "Ada Lovelace"), new("a2", "Alan Turing"), new("a3", "Grace Hopper")];

    public static IReadOnlyList<Record> Right { get; } = [new("b1", "alan turing"), new("b2", "Edsger Dijkstra"), new("b3", "Grace Hopper ")];

    public static IEnumerable<(Record, Record)> GetRecordPairs(IEnumerable<Record> ds1, IEnumerable<Record> ds2) =>
        ds1.SelectMany(_ => ds2, (r1, r2) => (r1, r2));

    /// <summary>Writes both datasets as files; returns their paths.</summary>
    public static string[] WriteStore(IEnumerable<Record> ds1, IEnumerable<Record> ds2)
    {
        var folder = Directory.CreateTempSubdirectory("rltk-sample-store-").FullName;
        var files = new[] { Path.Combine(folder, "ds1.csv"), Path.Combine(folder, "ds2.csv") };
        File.WriteAllLines(files[0], ds1.Select(r => $"{r.Id},{r.Name}"));
        File.WriteAllLines(files[1], ds2.Select(r => $"{r.Id},{r.Name}"));
        return files;
    }

    public static Dictionary<string, Record> ReadStore(string file) =>
        File.ReadLines(file).Select(line => line.Split(',', 2)).ToDictionary(f => f[0], f => new Record(f[0], f[1]));
}
