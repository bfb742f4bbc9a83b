using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Wire;

public sealed class FileLedgerTests
{
    [Fact]
    public void A_file_stays_while_one_session_given_it_is_open()
    {
        var ledger = new FileLedger();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        ledger.Retain(first, ["shared", "own"]);
        ledger.Retain(second, ["shared"]);

        Assert.Equal(["own"], ledger.Release(first));
        Assert.True(ledger.Has("shared"));
        Assert.Equal(["shared"], ledger.Release(second));
        Assert.False(ledger.Has("shared"));
        Assert.Null(ledger.Release(second));
    }
}
