using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// One mapper of a worker: runs the chunks its agent hands it with the task's handler, in the task's
/// client session, and gives the run back to the agent, which tells the scheduler and sends the result
/// to the task's client. Keeps one entered mapper per open task, and exits it when the task closes or the
/// worker stops.
/// </summary>
internal sealed class WorkerMapperActor : ReceiveActor
{
    /// <summary>A chunk, the task it belongs to, and the scheduler that sent it.</summary>
    public sealed record Work(AssignedTask Task, AssignChunk Chunk, IActorRef Scheduler);

    /// <summary>Agent to mapper: chunks to run one after the other (several only when each is quick, see <see cref="RunPace"/>).</summary>
    public sealed record WorkRun(IReadOnlyList<Work> Works);

    /// <summary>Agent to mapper: fold this worker's context of a reduce task with its children's, and send the result up the tree.</summary>
    public sealed record Combine(AssignedTask Task, CombineRound Order, IReadOnlyList<(bool HasValue, byte[] Value)> Children);

    /// <summary>Mapper to agent: the chunks it was given are done, here are their runs; the mapper is free for more.</summary>
    public sealed record Finished(IReadOnlyList<(Work Work, ChunkRun Run)> Runs);

    // A watched chunk's input waits for the scheduler to note it; a scheduler that does not answer is gone, and its chunks with it.
    private static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(30);

    private readonly int _index;
    private readonly MessageLimits _limits;
    private readonly Dictionary<Guid, ITaskRunner> _runners = [];
    private readonly ILogger _log;

    public WorkerMapperActor(int index, MessageLimits limits, ILogger log)
    {
        (_index, _limits, _log) = (index, limits, log);
        Receive<WorkRun>(HandleWorkRun);
        Receive<TaskClosed>(HandleTaskClosed);
        Receive<Combine>(HandleCombine);
    }

    protected override void PostStop()
    {
        foreach (var (taskId, runner) in _runners)
        {
            Exit(runner, taskId);
        }
    }

    private void HandleWorkRun(WorkRun run)
    {
        Context.Parent.Tell(new Finished(run.Works.Select(work => (work, RunOrFail(work))).ToArray()));
    }

    private void HandleCombine(Combine combine)
    {
        var order = combine.Order;
        try
        {
            var (hasValue, value) = RunnerOf(combine.Task).Combine(combine.Children);
            if (order.Parent is { } parent)
            {
                parent.Tell(new ChildContext(order.TaskId, order.Round, hasValue, value));
            }
            else
            {
                order.Client.Tell(new TaskReduced(order.TaskId, hasValue, value));
            }
        }
        catch (Exception failure)
        {
            var failed = failure as TaskFailedException ?? new TaskFailedException(FailureStage.Enter, null, failure);
            order.Client.Tell(new CombineFailed(order.TaskId, TaskRunner.ToRemote(failed, combine.Task.Session.Payloads)));
        }
    }

    private void HandleTaskClosed(TaskClosed closed)
    {
        if (_runners.Remove(closed.TaskId, out var runner))
        {
            Exit(runner, closed.TaskId);
        }
    }

    private ChunkRun RunOrFail(Work work)
    {
        var chunk = work.Chunk;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var runner = RunnerOf(work.Task);
            var agent = Context.Parent;
            return runner.Run(chunk, index => Announce(work, agent, index));
        }
        catch (Exception failure)
        {
            // The handler could not be loaded, made or entered here (or the inputs not read): the client decides.
            var setUp = new TaskFailedException(FailureStage.Enter, null, failure);
            return new ChunkRun(
                [new ChunkResult(chunk.TaskId, chunk.Key, 0, 1, TimeSpan.Zero, [], 0, [TaskRunner.ToRemote(setUp, work.Task.Session.Payloads)])],
                Stopwatch.GetElapsedTime(started), 1, TaskRunner.NotesOf([setUp]));
        }
    }

    /// <summary>The task's runner on this mapper, made and entered the first time.</summary>
    private ITaskRunner RunnerOf(AssignedTask task)
    {
        var taskId = task.Assignment.TaskId;
        if (!_runners.TryGetValue(taskId, out var runner))
        {
            runner = TaskRunner.Create(task, _index, _limits);
            _runners.Add(taskId, runner);
        }

        return runner;
    }

    /// <summary>Tells the scheduler that a suspect chunk, or which input of it, is about to run, and waits until it has noted it.</summary>
    private static void Announce(Work work, IActorRef agent, int? index)
    {
        try
        {
            work.Scheduler.Ask<InputNoted>(new InputStarting(work.Chunk.TaskId, work.Chunk.Key, index, agent), AnnounceTimeout)
                .GetAwaiter().GetResult();
        }
        catch (AskTimeoutException)
        {
            // Run it all the same: the scheduler that would have noted it is gone.
        }
    }

    private void Exit(ITaskRunner runner, Guid taskId)
    {
        try
        {
            runner.Exit(null);
        }
        catch (Exception failure)
        {
            _log.LogWarning(failure, "Mapper.Exit() of task {Task} failed on mapper {Mapper}", taskId, _index);
        }
    }
}
