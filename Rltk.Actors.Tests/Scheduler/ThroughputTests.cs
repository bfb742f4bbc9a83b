using Rltk.Actors.Scheduler;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class ThroughputTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_000_000);

    [Fact]
    public void Samples_are_the_whole_seconds_before_now_oldest_first_with_the_current_second_left_out()
    {
        var throughput = new Throughput(seconds: 4);
        throughput.Add(Start, 10);
        throughput.Add(Start.AddMilliseconds(500), 5);
        throughput.Add(Start.AddSeconds(2), 7);
        throughput.Add(Start.AddSeconds(3), 100);

        var samples = throughput.Samples(Start.AddSeconds(3).AddMilliseconds(10));

        Assert.Equal([Start, Start.AddSeconds(1), Start.AddSeconds(2)], samples.Select(s => s.Time));
        Assert.Equal([15L, 0L, 7L], samples.Select(s => s.Inputs));
    }

    [Fact]
    public void A_slot_reused_after_the_ring_wraps_forgets_its_old_second()
    {
        var throughput = new Throughput(seconds: 3);
        throughput.Add(Start, 50);
        throughput.Add(Start.AddSeconds(3), 4);

        Assert.Equal(0, throughput.Rate(Start.AddSeconds(1), window: 1));
        Assert.Equal(4.0 / 2, throughput.Rate(Start.AddSeconds(4), window: 2));
        Assert.All(throughput.Samples(Start.AddSeconds(10)), sample => Assert.Equal(0, sample.Inputs));
    }
}
