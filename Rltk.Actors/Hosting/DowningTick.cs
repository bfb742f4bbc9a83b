namespace Rltk.Actors.Hosting;

/// <summary>The downing actors' check, made only while some member is unreachable: an idle cluster has no timer for it.</summary>
internal sealed class DowningTick
{
    public static readonly DowningTick Instance = new();

    private DowningTick()
    {
    }

    /// <summary>Often enough to down within a quarter of <paramref name="after"/> of its end.</summary>
    public static TimeSpan IntervalFor(TimeSpan after) => TimeSpan.FromTicks(Math.Clamp(after.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond));
}
