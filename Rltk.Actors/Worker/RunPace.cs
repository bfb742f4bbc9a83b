namespace Rltk.Actors.Worker;

/// <summary>
/// How many waiting chunks of a task a worker's mapper takes at once. Each hand-over to a mapper and back
/// costs a thread's wake-up on each side, more than a chunk of a few tiny inputs takes to run; so a task whose
/// chunks run in a fraction of a millisecond has them go several to a run (about <see cref="Budget"/> of
/// work), and the hand-over is paid once per run. A task's first chunks, and chunks of a millisecond or more,
/// go one at a time: a mapper never takes long work that another mapper could start.
/// </summary>
internal sealed class RunPace
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(1);
    public const int MaxRun = 64;

    // Per task, a moving average of how long its last chunks took, in ticks.
    private readonly Dictionary<Guid, double> _typicalTicks = [];

    public int PerMapper(Guid taskId) => _typicalTicks.TryGetValue(taskId, out var typical)
        ? (int)Math.Clamp(Budget.Ticks / Math.Max(typical, 1), 1, MaxRun)
        : 1;

    public void Ran(Guid taskId, TimeSpan elapsed) =>
        _typicalTicks[taskId] = _typicalTicks.TryGetValue(taskId, out var typical) ? 0.8 * typical + 0.2 * elapsed.Ticks : elapsed.Ticks;

    public void Forget(Guid taskId) => _typicalTicks.Remove(taskId);
}
