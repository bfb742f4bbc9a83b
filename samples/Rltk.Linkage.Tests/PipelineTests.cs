using Rltk.Actors;
using Rltk.Linkage.Running;

namespace Rltk.Linkage.Tests;

/// <summary>The whole job, small, on an embedded cluster.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rltk-linkage-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Generated_data_is_linked_on_the_cluster_with_a_good_F1_and_the_same_files_link_without_truth()
    {
        using var remote = new Remote();
        var settings = new LinkageSettings { Records = 400, Seed = 5, DataFolder = _folder };

        var generated = LinkagePipeline.Run(remote, settings, new StageTimes(), TextWriter.Null);
        var files = generated.Files with { Truth = null };
        var given = LinkagePipeline.Run(remote, settings with { Inputs = files }, new StageTimes(), TextWriter.Null);

        Assert.Equal((400, 400, 220), (generated.RecordsA, generated.RecordsB, generated.Judgement?.TrueMatches));
        Assert.True(generated.Judgement!.PairCompleteness > 0.95);
        Assert.True(generated.Judgement.Quality.F1 > 0.9, $"F1 {generated.Judgement.Quality.F1}");
        Assert.Null(given.Judgement);
        Assert.Equal(generated.Matches, given.Matches);
        Assert.Equal(["generate", "read", "block", "compare", "evaluate"], generated.Stages.Select(stage => stage.Stage));
    }
}
