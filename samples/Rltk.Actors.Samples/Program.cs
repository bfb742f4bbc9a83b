// The local examples of RLTK's "Scaling and Optimization" page, line for line.
using Rltk.Actors;

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
    Thread.Sleep(TimeSpan.FromMilliseconds(0.1)); // time.sleep(0.0001)
    return x;
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
