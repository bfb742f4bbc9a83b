using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>The last failures of user code, as text, newest first; older ones fall out.</summary>
internal sealed class RecentFailures(int capacity)
{
    private readonly LinkedList<FailureStatus> _failures = new();

    public IReadOnlyList<FailureStatus> All => _failures.ToArray();

    public void Add(DateTimeOffset now, Guid task, IEnumerable<FailureNote> notes)
    {
        foreach (var note in notes)
        {
            _failures.AddFirst(new FailureStatus(now, task, note.Input, note.Error));
            if (_failures.Count > capacity)
            {
                _failures.RemoveLast();
            }
        }
    }
}
