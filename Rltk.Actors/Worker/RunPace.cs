namespace Rltk.Actors.Worker;

/// <summary>
/// How many waiting chunks of a task a worker's mapper takes at once. Each hand-over to a mapper and back
/// costs a thread's wake-up on each side, more than a chunk of a few tiny inputs takes to run; so a task whose
/// chunks run in a fraction of a millisecond has them go several to a run (about <see cref="Budget"/> of
/// work), and the hand-over is paid once per run. A task's first chunks, and chunks of a millisecond or more,
/// go one at a time: a mapper never takes long work that another mapper could start. Kept with the task
/// (<see cref="AssignedTask"/>), it goes when the task does.
/// </summary>
internal sealed class RunPace
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(1);
    public const int MaxRun = 64;

    // A moving average of how long the task's last chunks took, in ticks; none yet: one at a time.
    private double _typicalTicks = double.NaN;

    public int PerMapper => double.IsNaN(_typicalTicks)
        ? 1
        : (int)Math.Clamp(Budget.Ticks / Math.Max(_typicalTicks, 1), 1, MaxRun);

    public void Ran(TimeSpan elapsed) =>
        _typicalTicks = double.IsNaN(_typicalTicks) ? elapsed.Ticks : 0.8 * _typicalTicks + 0.2 * elapsed.Ticks;
}
