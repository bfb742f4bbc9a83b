// The examples of RLTK's "Scaling and Optimization" page, line for line: the two local ones, then the
// distributed one, on an embedded cluster — or, given a scheduler address (host:port), on a real one.
using System.Diagnostics;
using Rltk.Actors;
using Rltk.Actors.Samples;

// General parallel processing: pyrallel.ParallelProcessor
var result = new List<int>();

static (int, int) HeavyCalculation((int X, int Y) task) => (task.X * task.X, task.Y + 5);

void OutputHandler((int R1, int R2) output) => result.Add(output.R1 > output.R2 ? output.R1 : output.R2);

var pp = new ParallelProcessor<(int, int), (int, int)>(8, mapper: HeavyCalculation, collector: OutputHandler);
pp.Start();

for (var i = 0; i < 8; i++)
{
    pp.AddTask((i, i + 1));
}

pp.TaskDone();
pp.Join();

result.Sort(); // the collector sees results in arbitrary order
Console.WriteLine($"[{string.Join(", ", result)}]");

// MapReduce: pyrallel.MapReduce
static int Mapper(int x)
{
    Pause(TimeSpan.FromMilliseconds(0.1)); // time.sleep(0.0001)
    return x;
}

// Thread.Sleep cannot wait less than a millisecond (it would round 0.1 ms down to 0): wait on the clock instead.
static void Pause(TimeSpan time)
{
    var end = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < end)
    {
        Thread.SpinWait(20);
    }
}

static int Reducer(int r1, int r2) => r1 + r2;

var mr = new MapReduce<int, int>(8, Mapper, Reducer);
mr.Start();
for (var i = 0; i < 10000; i++)
{
    mr.AddTask(i);
}

mr.TaskDone();
var sum = mr.Join();
Console.WriteLine(sum);

// Distributed computing: rltk.remote.Remote and rltk.remote.Task
var (ds1, ds2) = (Datasets.Left, Datasets.Right);
using (var remote = args.Length > 0 ? new Remote(args[0]) : new Remote())
{
    var labels = new List<string>();
    void OutputHandlerOfPairs((Record R1, Record R2, bool Label) output) => labels.Add($"{output.R1.Id} {output.R2.Id} {output.Label}");

    var task = new RemoteTask<(Record, Record), (Record, Record, bool)>(remote, inputHandler: Linking.InputHandler, outputHandler: OutputHandlerOfPairs);
    task.Start();

    foreach (var (r1, r2) in Datasets.GetRecordPairs(ds1, ds2))
    {
        task.Compute((r1, r2));
    }

    task.TaskDone();
    task.Join();
    labels.Sort();
    labels.ForEach(Console.WriteLine);

    // Records in a data store the workers are given (rltk's add_dependencies): only ids travel; each
    // worker mapper opens the store once (Enter).
    var store = Datasets.WriteStore(ds1, ds2);
    remote.AddDependencies(store);
    var matches = new List<string>();
    var byId = new RemoteTask<(string, string), (string, string, bool)>(
        remote, () => new StoreLinking(), output => matches.Add($"{output.Item1} {output.Item2} {output.Item3}"));
    byId.Start();

    foreach (var (r1, r2) in Datasets.GetRecordPairs(ds1, ds2))
    {
        byId.Compute((r1.Id, r2.Id));
    }

    byId.TaskDone();
    byId.Join();
    Directory.Delete(Path.GetDirectoryName(store[0])!, recursive: true);
    Console.WriteLine($"{matches.Count(m => m.EndsWith("True", StringComparison.Ordinal))} of {matches.Count} id pairs match");
}
