using Spectre.Console;

namespace Rltk.Actors;

/// <summary>
/// Draws a run's <see cref="RunProgress"/> on the console: a live bar with its rate and time left (Spectre.Console)
/// on a terminal; where output is not a terminal (a CI log, a pipe), a plain line every few seconds and one at
/// the end. Give it as the <c>Progress</c> option of any engine or task; dispose it when the run is over.
/// </summary>
/// <example><code>
/// using var bar = new ConsoleProgressBar("comparing pairs");
/// var task = new RemoteTask&lt;int, bool&gt;(remote, Compare, options: new RemoteTaskOptions { Progress = bar, Total = pairs.Count });
/// </code></example>
public sealed class ConsoleProgressBar : IProgress<RunProgress>, IDisposable
{
    private readonly string _label;
    private readonly TextWriter? _plain;
    private readonly TimeSpan _plainInterval;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _done = new();
    private readonly Task? _drawing;
    private readonly Lock _gate = new();
    private RunProgress? _latest;
    private RunProgress? _lastWritten;
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;

    /// <summary>A bar labelled <paramref name="label"/>, live on a terminal, plain lines on standard output otherwise.</summary>
    public ConsoleProgressBar(string label)
        : this(label, Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive ? Console.Out : null, TimeSpan.FromSeconds(5), TimeProvider.System)
    {
    }

    /// <summary>Plain lines to <paramref name="output"/> (a log file, say), one every five seconds and one at the end.</summary>
    public ConsoleProgressBar(string label, TextWriter output)
        : this(label, output ?? throw new ArgumentNullException(nameof(output)), TimeSpan.FromSeconds(5), TimeProvider.System)
    {
    }

    /// <summary>Plain lines to <paramref name="plain"/> at most every <paramref name="plainInterval"/>; a live bar when <paramref name="plain"/> is null.</summary>
    internal ConsoleProgressBar(string label, TextWriter? plain, TimeSpan plainInterval, TimeProvider clock)
    {
        (_label, _plain, _plainInterval, _clock) = (label, plain, plainInterval, clock);
        if (plain is null)
        {
            _drawing = DrawAsync();
        }
    }

    /// <summary>Takes the latest progress; the bar shows it at its own pace.</summary>
    public void Report(RunProgress value)
    {
        lock (_gate)
        {
            _latest = value;
            if (_plain is null)
            {
                return;
            }

            var now = _clock.GetUtcNow();
            if (now - _lastLine >= _plainInterval || value.Fraction == 1)
            {
                WriteLine(value, now);
            }
        }
    }

    /// <summary>Ends the bar; in plain mode, writes the last counts if the last line did not show them.</summary>
    public void Dispose()
    {
        _done.Cancel();
        _drawing?.GetAwaiter().GetResult();
        lock (_gate)
        {
            if (_plain is not null && _latest is { } latest && latest != _lastWritten)
            {
                WriteLine(latest, _clock.GetUtcNow());
            }
        }
    }

    private void WriteLine(RunProgress value, DateTimeOffset now)
    {
        _plain!.WriteLine($"{_label}: {value}");
        (_lastWritten, _lastLine) = (value, now);
    }

    private Task DrawAsync() => AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
        .StartAsync(async context =>
        {
            var bar = context.AddTask(_label);
            bar.IsIndeterminate = true;
            while (!_done.IsCancellationRequested)
            {
                Draw(bar);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), _done.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The run is over: draw it once more, finished.
                }
            }

            Draw(bar);
            bar.StopTask();
        });

    private void Draw(ProgressTask bar)
    {
        RunProgress? latest;
        lock (_gate)
        {
            latest = _latest;
        }

        if (latest is not { } progress)
        {
            return;
        }

        bar.Description = $"{Markup.Escape(_label)} [grey]{progress.Completed:N0} done, {progress.InputsPerSecond:N0}/s{(progress.Failed > 0 ? $", {progress.Failed:N0} failed" : "")}[/]";
        if (progress.Total is { } total)
        {
            (bar.IsIndeterminate, bar.MaxValue, bar.Value) = (false, Math.Max(1, total), Math.Min(total, progress.Completed));
        }
    }
}
