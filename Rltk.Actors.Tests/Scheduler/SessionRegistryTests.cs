using Rltk.Actors.Scheduler;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Scheduler;

public sealed class SessionRegistryTests
{
    private static readonly HandlerSpec Handler = new("in", "out", "type", 0, null, HandlerKind.Function);

    [Fact]
    public void A_file_is_kept_under_its_hash_only_in_an_open_session()
    {
        var sessions = new SessionRegistry();
        var (open, client) = (Guid.NewGuid(), new NamedRef("client"));
        sessions.Open(open, client, DateTimeOffset.UtcNow);
        byte[] content = [1, 2, 3];
        var file = new SessionFile("data.csv", SessionFileKind.Dependency, SessionFile.HashOf(content), Guid.Empty);

        Assert.Contains("does not have the SHA-256", sessions.Keep(new UploadFile(open, file with { Hash = "forged" }, content)));
        Assert.Contains("is not open", sessions.Keep(new UploadFile(Guid.NewGuid(), file, content)));
        Assert.Null(sessions.Keep(new UploadFile(open, file, content)));
        Assert.Equal(content, sessions.Content(open, file.Hash));
    }

    [Fact]
    public void A_task_may_name_only_files_its_session_uploaded()
    {
        var sessions = new SessionRegistry();
        var (session, client) = (Guid.NewGuid(), new NamedRef("client"));
        sessions.Open(session, client, DateTimeOffset.UtcNow);
        var missing = new SessionFile("model.bin", SessionFileKind.Dependency, "never-sent", Guid.Empty);

        Assert.Contains("model.bin", sessions.RefusalOf(new OpenTask(Guid.NewGuid(), session, "test", Handler, [missing], client)));
        Assert.Null(sessions.RefusalOf(new OpenTask(Guid.NewGuid(), session, "test", Handler, [], client)));
        Assert.Equal([session], sessions.OfClient(client));
        Assert.Same(client, sessions.Close(session));
        Assert.Null(sessions.Close(session));
    }
}
