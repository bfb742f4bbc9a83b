namespace Rltk.Actors.Tests.Support;

/// <summary>Input handlers (and reducers) the cluster tests ship to their workers; their statics are shared because the workers run in this process.</summary>
internal static class Handlers
{
    public static int Product((int X, int Y) pair) => pair.X * pair.Y;

    public static int FailOnSeven(int x) => x == 7 ? throw new FormatException($"seven is not allowed ({x})") : x;

    /// <summary>Slow enough that a task of a few thousand inputs is still mapping when a test stops a worker.</summary>
    public static int SlowIdentity(int x)
    {
        Thread.Sleep(2); // stands for real work, so that the task is still running when a worker goes
        return x;
    }

    public static long SlowIdentityLong(long x)
    {
        Thread.SpinWait(20_000);
        return x;
    }

    public static Dictionary<string, int> Count(string word) => new() { [word] = 1 };

    public static Dictionary<string, int> Merge(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        var merged = new Dictionary<string, int>(a);
        foreach (var (word, count) in b)
        {
            merged[word] = merged.GetValueOrDefault(word) + count;
        }

        return merged;
    }

    public static long AddUnlessThirteen(long a, long b) => a == 13 || b == 13 ? throw new InvalidOperationException("thirteen") : a + b;

    public static long AlwaysFail(long a, long b) => throw new InvalidOperationException("no reducing today");
}

/// <summary>A handler that blocks while its gate is closed and counts the calls blocked at once, to see how many mappers hold work.</summary>
internal sealed class Gate
{
    private readonly ManualResetEventSlim _open = new(false);
    private int _waiting;
    private int _mostWaiting;

    public int MostWaitingAtOnce => Volatile.Read(ref _mostWaiting);

    public int Blocked => Volatile.Read(ref _waiting);

    public void Open() => _open.Set();

    public int Pass(int x)
    {
        var now = Interlocked.Increment(ref _waiting);
        InterlockedMax(ref _mostWaiting, now);
        _open.Wait(Waiting.Generous);
        Interlocked.Decrement(ref _waiting);
        return x;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>A mapper class whose Enter and Exit are counted, as the seed's data-store example opens and closes its store.</summary>
internal sealed class CountingMapper : Mapper<int, string>
{
    public static int Entered;
    public static int Exited;
    private string _store = "";

    public override void Enter()
    {
        Interlocked.Increment(ref Entered);
        _store = $"store-{Index}";
    }

    public override string Process(int input) => $"{_store.Length}:{input}";

    public override void Exit(Exception? error) => Interlocked.Increment(ref Exited);
}

/// <summary>A value Hyperion cannot serialize: it holds a raw pointer.</summary>
internal sealed unsafe class Unserializable
{
    private readonly int* _pointer = null;

    public override string ToString() => _pointer is null ? "Unserializable#42" : "?";
}
