using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class RecentFailuresTests
{
    [Fact]
    public void Keeps_the_newest_failures_first_and_drops_the_oldest_beyond_its_capacity()
    {
        var failures = new RecentFailures(capacity: 3);
        var task = Guid.NewGuid();
        var now = DateTimeOffset.UnixEpoch;

        failures.Add(now, task, [new FailureNote("1", "first"), new FailureNote("2", "second")]);
        failures.Add(now.AddSeconds(1), task, []);
        failures.Add(now.AddSeconds(2), task, [new FailureNote("3", "third"), new FailureNote("4", "fourth")]);

        Assert.Equal(["4", "3", "2"], failures.All.Select(f => f.Input));
        Assert.Equal((now.AddSeconds(2), task, "fourth"), (failures.All[0].Time, failures.All[0].Task, failures.All[0].Error));
    }
}
