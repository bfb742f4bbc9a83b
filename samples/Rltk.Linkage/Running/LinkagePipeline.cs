using Rltk.Actors;
using Rltk.Linkage.Blocking;
using Rltk.Linkage.Comparison;
using Rltk.Linkage.Csv;
using Rltk.Linkage.Evaluation;
using Rltk.Linkage.Generation;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Running;

/// <summary>
/// The linkage job, stage by stage: generate the data (unless given files), read it back from CSV, block
/// (key frequencies by MapReduce), compare the candidate pairs on the cluster, and evaluate against the
/// ground truth when there is one.
/// </summary>
public static class LinkagePipeline
{
    public const string CompareStage = "compare";

    public static LinkageReport Run(Remote remote, LinkageSettings settings, StageTimes stages, TextWriter progressOutput)
    {
        var files = settings.Inputs ?? stages.Time("generate", () => Generate(settings));
        var (a, b, truth) = stages.Time("read", () => Read(files));
        var blocking = stages.Time("block", () => Blocker.Block(a, b, settings.MaxKeyFrequency, remote));
        progressOutput.WriteLine(FormattableString.Invariant($"comparing {blocking.Pairs.Length:N0} candidate pairs of {a.Length:N0} x {b.Length:N0} records"));
        var matches = stages.Time(CompareStage, () =>
            CompareWithProgress(remote, a, b, blocking, settings, progressOutput));
        var judgement = truth is null ? null : stages.Time("evaluate", () => Judge(truth, a, b, blocking.Pairs, matches));
        return new LinkageReport(
            files, a.Length, b.Length, blocking.Keys, blocking.StopKeys, blocking.Pairs.Length, matches.Count, judgement, stages.All);
    }

    /// <summary>Compares on the cluster with a progress bar: live on a terminal, plain lines in a log or a test's writer.</summary>
    private static List<CandidatePair> CompareWithProgress(
        Remote remote, PersonRecord[] a, PersonRecord[] b, BlockingResult blocking, LinkageSettings settings, TextWriter progressOutput)
    {
        using var bar = progressOutput == Console.Out ? new ConsoleProgressBar("comparing pairs") : new ConsoleProgressBar("comparing pairs", progressOutput);
        return RemoteComparison.FindMatches(remote, a, b, blocking.Pairs, settings.Threshold, settings.ChunkSize, bar);
    }

    private static InputFiles Generate(LinkageSettings settings)
    {
        var data = DataGenerator.Generate(settings.Records, settings.Seed);
        Directory.CreateDirectory(settings.DataFolder);
        var files = new InputFiles(
            Path.Combine(settings.DataFolder, "a.csv"), Path.Combine(settings.DataFolder, "b.csv"), Path.Combine(settings.DataFolder, "truth.csv"));
        PersonFile.Write(files.A, data.A);
        PersonFile.Write(files.B, data.B);
        TruthFile.Write(files.Truth!, data.Truth);
        return files;
    }

    private static (PersonRecord[] A, PersonRecord[] B, IdPair[]? Truth) Read(InputFiles files) =>
        ([.. PersonFile.Read(files.A).Select(Standardizer.Standardize)],
         [.. PersonFile.Read(files.B).Select(Standardizer.Standardize)],
         files.Truth is null ? null : TruthFile.Read(files.Truth));

    private static Judgement Judge(IdPair[] truth, PersonRecord[] a, PersonRecord[] b, CandidatePair[] candidates, List<CandidatePair> matches)
    {
        var groundTruth = new GroundTruth(truth, a, b);
        return new Judgement(groundTruth.Count, groundTruth.PairCompleteness(candidates), groundTruth.Evaluate(matches));
    }
}
