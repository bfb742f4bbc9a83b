using Rltk.Actors.Hosting;

namespace Rltk.Actors.Tests.Hosting;

public sealed class UnreachableTimesTests
{
    private static readonly TimeSpan Start = TimeSpan.FromHours(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_member_is_due_once_it_has_been_unreachable_for_the_whole_time()
    {
        var times = new UnreachableTimes<string>();
        times.Unreachable("worker-1", Start);

        Assert.Empty(times.TakeDue(Start + After - TimeSpan.FromMilliseconds(1), _ => After));
        Assert.Equal(["worker-1"], times.TakeDue(Start + After, _ => After));
        Assert.True(times.IsEmpty);
        Assert.Empty(times.TakeDue(Start + After + After, _ => After));
    }

    [Fact]
    public void Being_seen_unreachable_again_does_not_restart_its_time()
    {
        var times = new UnreachableTimes<string>();
        times.Unreachable("worker-1", Start);
        times.Unreachable("worker-1", Start + TimeSpan.FromSeconds(1));

        Assert.Equal(["worker-1"], times.TakeDue(Start + After, _ => After));
    }

    [Fact]
    public void A_member_reachable_again_even_for_a_moment_starts_its_time_anew()
    {
        var times = new UnreachableTimes<string>();
        times.Unreachable("worker-1", Start);
        times.Reachable("worker-1");
        times.Unreachable("worker-1", Start + TimeSpan.FromSeconds(1));

        Assert.Empty(times.TakeDue(Start + After, _ => After));
        Assert.Equal(["worker-1"], times.TakeDue(Start + TimeSpan.FromSeconds(1) + After, _ => After));
    }

    [Fact]
    public void Each_member_is_due_after_its_own_limit()
    {
        var times = new UnreachableTimes<string>();
        times.Unreachable("heard", Start);
        times.Unreachable("unheard", Start);
        TimeSpan LimitOf(string member) => member == "heard" ? After * 5 : After;

        Assert.Equal(["unheard"], times.TakeDue(Start + After, LimitOf));
        Assert.Empty(times.TakeDue(Start + After * 4, LimitOf));
        Assert.Equal(["heard"], times.TakeDue(Start + After * 5, LimitOf));
    }

    [Fact]
    public void Only_the_members_whose_time_is_up_are_due()
    {
        var times = new UnreachableTimes<string>();
        times.Unreachable("worker-1", Start);
        times.Unreachable("worker-2", Start + TimeSpan.FromSeconds(1));

        Assert.Equal(["worker-1"], times.TakeDue(Start + After, _ => After));
        Assert.False(times.IsEmpty);
        Assert.Equal(["worker-2"], times.TakeDue(Start + TimeSpan.FromSeconds(3), _ => After));
    }
}
