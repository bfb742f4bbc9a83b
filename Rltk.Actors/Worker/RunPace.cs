namespace Rltk.Actors.Worker;

/// <summary>
/// How many waiting chunks a worker's mapper takes at once. Each hand-over to a mapper and back costs a
/// thread's wake-up on each side, more than a chunk of a few tiny inputs takes to run; so chunks that run in
/// a fraction of a millisecond go several to a run (about <see cref="Budget"/> of work), and the hand-over is
/// paid once per run. Chunks of a millisecond or more go one at a time, as before.
/// </summary>
internal sealed class RunPace
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(1);
    public const int MaxRun = 64;

    // A moving average of how long the last chunks took, in ticks; none yet: one at a time.
    private double _typicalTicks = double.NaN;

    public int PerMapper => double.IsNaN(_typicalTicks)
        ? 1
        : (int)Math.Clamp(Budget.Ticks / Math.Max(_typicalTicks, 1), 1, MaxRun);

    public void Ran(TimeSpan elapsed) =>
        _typicalTicks = double.IsNaN(_typicalTicks) ? elapsed.Ticks : 0.8 * _typicalTicks + 0.2 * elapsed.Ticks;
}
