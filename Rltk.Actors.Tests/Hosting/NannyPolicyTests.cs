using Rltk.Hosts;

namespace Rltk.Actors.Tests.Hosting;

/// <summary>The nanny's rules, without processes: when it starts a worker again, what a memory limit means, how a death is told.</summary>
public sealed class NannyPolicyTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_backoff_doubles_from_one_second_to_thirty()
    {
        var policy = new RestartPolicy();

        var backoffs = Enumerable.Range(0, 7).Select(i => policy.AfterDeath(Start.AddSeconds(i), joined: false)!.Value.TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], backoffs);
    }

    [Fact]
    public void The_nanny_gives_up_at_the_eleventh_death_before_joining_within_ten_minutes()
    {
        var policy = new RestartPolicy();
        for (var death = 0; death < 10; death++)
        {
            Assert.NotNull(policy.AfterDeath(Start.AddSeconds(death * 50), joined: false));
        }

        Assert.Null(policy.AfterDeath(Start.AddSeconds(9 * 50 + 1), joined: false));
        Assert.Equal(11, policy.RecentDeaths);
    }

    [Fact]
    public void A_worker_that_had_joined_is_started_again_at_once_however_often_it_dies_and_its_earlier_deaths_are_forgotten()
    {
        var policy = new RestartPolicy();
        for (var death = 0; death < 5; death++)
        {
            policy.AfterDeath(Start.AddSeconds(death), joined: false);
        }

        for (var death = 0; death < 100; death++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), policy.AfterDeath(Start.AddSeconds(10 + death), joined: true));
        }

        Assert.Equal(0, policy.RecentDeaths);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.AfterDeath(Start.AddSeconds(200), joined: false));
    }

    [Fact]
    public void Deaths_older_than_the_window_are_forgotten()
    {
        var policy = new RestartPolicy();
        for (var death = 0; death < 10; death++)
        {
            policy.AfterDeath(Start.AddSeconds(death), joined: false);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), policy.AfterDeath(Start.AddMinutes(30), joined: false));
        Assert.Equal(1, policy.RecentDeaths);
    }

    [Theory]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("100kb", 100_000L)]
    [InlineData("500000000", 500_000_000L)]
    [InlineData("0.5", 8L << 29)]
    [InlineData("25%", 4L << 29)]
    [InlineData("1", 8L << 30)]
    public void A_memory_limit_is_bytes_with_a_unit_or_a_share_of_the_machine(string written, long expected)
    {
        Assert.True(MemoryLimit.TryParse(written, 8L << 30, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("2XB")]
    [InlineData("-1GB")]
    [InlineData("0")]
    [InlineData("150%")]
    [InlineData("")]
    public void What_is_not_a_memory_limit_is_refused_with_the_forms_that_are(string written)
    {
        Assert.False(MemoryLimit.TryParse(written, 8L << 30, out _, out var error));
        Assert.Contains("2GB, 512MiB", error);
    }

    [Theory]
    [InlineData(137, "was killed by SIGKILL (exit code 137)")]
    [InlineData(134, "was killed by SIGABRT (exit code 134)")]
    [InlineData(1, "exited with code 1")]
    [InlineData(0, "exited with code 0 (it was asked to stop)")]
    public void A_death_is_told_by_its_exit_code_or_signal(int exitCode, string expected) =>
        Assert.Equal(expected, Nanny.Describe(exitCode));

    [Theory]
    [InlineData(612L << 20, "612 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    [InlineData(2048L, "2 KiB")]
    public void Memory_is_told_in_binary_units(long bytes, string expected) => Assert.Equal(expected, MemoryLimit.Describe(bytes));
}
