using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Rltk.Actors.Hosting;
using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rltk.Actors.Tests.Scheduler;

/// <summary>The scheduler on its own, with test probes for its workers and client: who gets which chunk.</summary>
public sealed class SchedulerActorTests()
    : TestKit(ConfigurationFactory.ParseString("akka.actor.provider = cluster").WithFallback(RltkConfig.Cluster))
{
    private static readonly HandlerSpec Handler = new("in", "out", "type", 0, null, HandlerKind.Function);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(1);
    private const int AllowedFailures = 3;
    private const long ChunkBytes = 1 << 20;

    private readonly Dictionary<Akka.TestKit.TestProbe, Queue<AssignChunk>> _assigned = [];

    [Fact]
    public void A_slow_worker_holds_no_more_than_its_mappers_can_take_and_a_fast_one_gets_the_rest()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var (fast, slow, session) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        Register(scheduler, slow);
        Register(scheduler, fast);
        var taskId = OpenTask(scheduler, session);
        for (var chunk = 0; chunk < 10; chunk++)
        {
            scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, new ChunkKey(chunk), [(byte)chunk], 1)]), session.Ref);
        }

        // The fast worker finishes every chunk it gets; the slow one finishes none.
        var fastChunks = new List<long>();
        fast.ExpectMsg<TaskAssigned>(assigned => Assert.Equal(session.Ref, assigned.Receiver));
        while (fastChunks.Count < 8)
        {
            var chunk = ExpectChunk(fast);
            fastChunks.Add(chunk.Key.Number);
            scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(chunk.Key.Number))]), fast.Ref);
        }

        slow.ExpectMsg<TaskAssigned>();
        var slowChunks = new[] { ExpectChunk(slow).Key.Number, ExpectChunk(slow).Key.Number };
        slow.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        fast.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), fastChunks.Concat(slowChunks).Order());
    }

    [Fact]
    public void Chunks_submitted_together_reach_a_worker_in_one_message_after_the_task_they_belong_to()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var (worker, session) = (CreateTestProbe(), CreateTestProbe());
        Register(scheduler, worker);
        var taskId = OpenTask(scheduler, session);

        scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, new ChunkKey(0), [0], 1), new SubmitChunk(taskId, new ChunkKey(1), [1], 1)]), session.Ref);

        Assert.Equal(taskId, worker.ExpectMsg<TaskAssigned>().TaskId);
        Assert.Equal([0L, 1L], worker.ExpectMsg<AssignChunks>().Chunks.Select(chunk => chunk.Key.Number));
    }

    [Fact]
    public void The_chunks_of_a_worker_that_goes_are_given_to_another()
    {
        var (scheduler, doomed, _, _) = TwoChunksOnOneWorker();

        Sys.Stop(doomed.Ref);
        var heir = CreateTestProbe();
        Register(scheduler, heir);

        heir.ExpectMsg<TaskAssigned>();
        var rerun = new[] { ExpectChunk(heir).Key.Number, ExpectChunk(heir).Key.Number };
        Assert.Equal([0L, 1L], rerun.Order());
    }

    [Fact]
    public void A_chunk_whose_worker_died_after_finishing_it_runs_again_unless_the_client_has_its_result()
    {
        var (scheduler, doomed, session, taskId) = TwoChunksOnOneWorker();

        // Both chunks are done on the worker; only chunk 0's result reached the client before the worker died.
        scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(0))]), doomed.Ref);
        scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(1))]), doomed.Ref);
        scheduler.Tell(new ChunksDelivered(taskId, [new ChunkKey(0)]), session.Ref);
        Sys.Stop(doomed.Ref);
        var heir = CreateTestProbe();
        Register(scheduler, heir);

        heir.ExpectMsg<TaskAssigned>();
        Assert.Equal(1, ExpectChunk(heir).Key.Number);
        heir.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>A scheduler whose one worker holds both chunks of an open task.</summary>
    private (IActorRef Scheduler, Akka.TestKit.TestProbe Worker, Akka.TestKit.TestProbe Session, Guid TaskId) TwoChunksOnOneWorker()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var (worker, session) = (CreateTestProbe(), CreateTestProbe());
        Register(scheduler, worker);
        var taskId = OpenTask(scheduler, session);
        scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, new ChunkKey(0), [0], 1)]), session.Ref);
        scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, new ChunkKey(1), [1], 1)]), session.Ref);
        worker.ExpectMsg<TaskAssigned>();
        ExpectChunk(worker);
        ExpectChunk(worker);
        return (scheduler, worker, session, taskId);
    }

    [Fact]
    public void A_result_that_never_reaches_the_client_runs_once_more_then_fails_the_task()
    {
        var (scheduler, worker, session, taskId) = TwoChunksOnOneWorker();
        scheduler.Tell(new ChunksDelivered(taskId, [new ChunkKey(0)]), session.Ref);
        scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(0))]), worker.Ref);

        // Chunk 1's result is "sent" but never confirmed by the client: it runs again, then the task fails.
        scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(1))]), worker.Ref);
        Assert.Equal(1, ExpectChunk(worker, TimeSpan.FromSeconds(30)).Key.Number);
        scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(1))]), worker.Ref);

        var lost = session.ExpectMsg<ResultsUndelivered>(TimeSpan.FromSeconds(30));
        Assert.Equal((taskId, 1L), (lost.TaskId, lost.Key.Number));
        worker.ExpectMsg<TaskClosed>();
    }

    [Fact]
    public void A_file_whose_content_is_not_its_hash_or_whose_session_is_not_open_is_refused()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var client = CreateTestProbe();
        var sessionId = OpenSession(scheduler, client);
        byte[] content = [1, 2, 3];

        scheduler.Tell(new UploadFile(sessionId, new SessionFile("x", SessionFileKind.Dependency, "../../etc/passwd", Guid.Empty), content), client.Ref);
        Assert.Contains("does not have the SHA-256", client.ExpectMsg<UploadRefused>().Reason);
        scheduler.Tell(new UploadFile(Guid.NewGuid(), new SessionFile("x", SessionFileKind.Dependency, SessionFile.HashOf(content), Guid.Empty), content), client.Ref);
        Assert.Contains("is not open", client.ExpectMsg<UploadRefused>().Reason);
    }

    [Fact]
    public void A_file_reaches_each_worker_once_before_its_first_task_and_is_forgotten_with_its_session()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var (worker, client) = (CreateTestProbe(), CreateTestProbe());
        Register(scheduler, worker);
        var sessionId = OpenSession(scheduler, client);
        byte[] content = [1, 2, 3];
        var file = new SessionFile("Handlers", SessionFileKind.Assembly, SessionFile.HashOf(content), Guid.NewGuid());
        scheduler.Tell(new UploadFile(sessionId, file, content), client.Ref);
        client.ExpectMsg<FileUploaded>();

        for (var task = 0; task < 2; task++)
        {
            var taskId = OpenTask(scheduler, client, sessionId, file);
            scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, new ChunkKey(0), [0], 1)]), client.Ref);
            if (task == 0)
            {
                Assert.Equal([1, 2, 3], worker.ExpectMsg<FileContent>().Content);
            }

            Assert.Equal(file, Assert.Single(worker.ExpectMsg<TaskAssigned>().Files));
            ExpectChunk(worker);
            scheduler.Tell(new ChunksDone([new ChunkDone(taskId, new ChunkKey(0))]), worker.Ref);
            scheduler.Tell(new ChunksDelivered(taskId, [new ChunkKey(0)]), client.Ref);
        }

        Sys.Stop(client.Ref);
        worker.FishForMessage(message => message is SessionClosed closed && closed.SessionId == sessionId);
    }

    [Fact]
    public void A_task_that_names_a_file_its_session_never_uploaded_is_refused()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var client = CreateTestProbe();
        var sessionId = OpenSession(scheduler, client);
        var missing = new SessionFile("data.csv", SessionFileKind.Dependency, "never-sent", Guid.Empty);

        scheduler.Tell(new OpenTask(Guid.NewGuid(), sessionId, "test", Handler, [missing], client.Ref), client.Ref);

        Assert.Contains("data.csv", client.ExpectMsg<TaskRefused>().Reason);
    }

    [Fact]
    public void A_task_opened_again_while_it_is_still_open_is_refused()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var client = CreateTestProbe();
        var sessionId = OpenSession(scheduler, client);
        var taskId = OpenTask(scheduler, client, sessionId);

        scheduler.Tell(new OpenTask(taskId, sessionId, "test", Handler, [], client.Ref), client.Ref);

        Assert.Contains("open here already", client.ExpectMsg<TaskRefused>().Reason);
    }

    [Fact]
    public void An_input_running_each_time_a_worker_died_is_reported_after_allowed_failures_deaths_and_its_chunk_runs_without_it()
    {
        var scheduler = Sys.ActorOf(Props.Create<SchedulerActor>(NullLogger.Instance, DeliveryTimeout, AllowedFailures, ChunkBytes));
        var client = CreateTestProbe();
        var taskId = OpenTask(scheduler, client);
        var key = new ChunkKey(0);
        scheduler.Tell(new SubmitChunks([new SubmitChunk(taskId, key, [0], 1)]), client.Ref);

        // The first death cannot be put down to the chunk (its worker reports finished chunks in batches): it then runs announced.
        var first = CreateTestProbe();
        Register(scheduler, first);
        first.ExpectMsg<TaskAssigned>();
        Assert.Null(ExpectChunk(first).Suspect);
        Sys.Stop(first.Ref);

        // A death while it was announced as running is put down to it, but not to an input: it then runs watched.
        var second = CreateTestProbe();
        Register(scheduler, second);
        second.ExpectMsg<TaskAssigned>();
        Assert.False(ExpectChunk(second).Suspect!.EachInput);
        scheduler.Tell(new InputStarting(taskId, key, null, second.Ref), second.Ref);
        second.ExpectMsg<InputNoted>();
        Sys.Stop(second.Ref);

        for (var death = 3; death <= AllowedFailures; death++)
        {
            var worker = CreateTestProbe();
            Register(scheduler, worker);
            worker.ExpectMsg<TaskAssigned>();
            var suspect = ExpectChunk(worker).Suspect!;
            Assert.True(suspect.EachInput);
            Assert.Empty(suspect.Skip);
            scheduler.Tell(new InputStarting(taskId, key, 5, worker.Ref), worker.Ref);
            worker.ExpectMsg<InputNoted>();
            Sys.Stop(worker.Ref);
        }

        // The worker that runs the rest reports the input with the chunk's result: nothing comes to the client before it.
        var heir = CreateTestProbe();
        Register(scheduler, heir);
        heir.ExpectMsg<TaskAssigned>();
        Assert.Equal([new SkippedInput(5, AllowedFailures)], ExpectChunk(heir).Suspect!.Skip);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_worker_that_left_gracefully_counts_against_no_chunk()
    {
        var (scheduler, leaving, _, _) = TwoChunksOnOneWorker();
        scheduler.Tell(WorkerLeaving.Instance, leaving.Ref);
        Sys.Stop(leaving.Ref);

        var heir = CreateTestProbe();
        Register(scheduler, heir);
        heir.ExpectMsg<TaskAssigned>();
        Assert.Null(ExpectChunk(heir).Suspect);
        Assert.Null(ExpectChunk(heir).Suspect);
    }

    /// <summary>
    /// The next chunk the scheduler assigns <paramref name="worker"/>: it sends a worker its chunks in batches, so
    /// this takes one batch at a time and hands out its chunks one by one.
    /// </summary>
    private AssignChunk ExpectChunk(Akka.TestKit.TestProbe worker, TimeSpan? within = null)
    {
        if (!_assigned.TryGetValue(worker, out var waiting) || waiting.Count == 0)
        {
            _assigned[worker] = waiting = new Queue<AssignChunk>(worker.ExpectMsg<AssignChunks>(within).Chunks);
        }

        return waiting.Dequeue();
    }

    /// <summary>Registers a worker of one mapper (credit for two chunks), as its agent does, and takes the scheduler's acknowledgement.</summary>
    private static void Register(IActorRef scheduler, Akka.TestKit.TestProbe worker)
    {
        scheduler.Tell(new RegisterWorker(Mappers: 1), worker.Ref);
        worker.ExpectMsg<WorkerRegistered>();
    }

    private static Guid OpenSession(IActorRef scheduler, Akka.TestKit.TestProbe client)
    {
        var sessionId = Guid.NewGuid();
        scheduler.Tell(new OpenSession(sessionId, client.Ref), client.Ref);
        client.ExpectMsg<SessionOpened>();
        return sessionId;
    }

    /// <summary>Opens a task (in a new session unless given one) whose results go to <paramref name="client"/>.</summary>
    private static Guid OpenTask(IActorRef scheduler, Akka.TestKit.TestProbe client, Guid? sessionId = null, params SessionFile[] files)
    {
        var taskId = Guid.NewGuid();
        scheduler.Tell(new OpenTask(taskId, sessionId ?? OpenSession(scheduler, client), "test", Handler, files, client.Ref), client.Ref);
        client.ExpectMsg<TaskOpened>();
        return taskId;
    }
}
