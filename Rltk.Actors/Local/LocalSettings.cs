using Akka.Configuration;

namespace Rltk.Actors.Local;

/// <summary>The <c>rltk.local</c> section of <c>hocon/rltk.conf</c>, read once.</summary>
internal sealed record LocalSettings(TimeSpan AutoBatchTarget, int AutoBatchMax, TimeSpan ShutdownTimeout)
{
    public static LocalSettings Create(Config config)
    {
        var local = config.GetConfig("rltk.local");
        return new LocalSettings(
            local.GetTimeSpan("auto-batch-target"),
            local.GetInt("auto-batch-max"),
            local.GetTimeSpan("shutdown-timeout"));
    }
}
