namespace Rltk.Actors.Flow;

/// <summary>
/// Turns a run's counts, sampled now and then, into <see cref="RunProgress"/>: its rate follows the recent
/// samples (so the time left follows a run that speeds up or slows down) without jumping at each one.
/// </summary>
internal sealed class ProgressMeter(TimeProvider clock)
{
    // Weight of the latest sample in the rate: about the last five samples count.
    private const double Smoothing = 0.3;

    private readonly long _started = clock.GetTimestamp();
    private long _lastAt;
    private long _lastCompleted;
    private double? _rate;

    public RunProgress Next(long submitted, long completed, long failed, long? total)
    {
        var now = clock.GetTimestamp();
        var elapsed = clock.GetElapsedTime(_started, now);
        var since = clock.GetElapsedTime(_lastAt == 0 ? _started : _lastAt, now).TotalSeconds;
        if (since > 0)
        {
            var recent = (completed - _lastCompleted) / since;
            _rate = _rate is { } rate ? Smoothing * recent + (1 - Smoothing) * rate : recent;
        }

        (_lastAt, _lastCompleted) = (now, completed);
        return new RunProgress(submitted, completed, failed, total, elapsed, _rate ?? 0);
    }
}
