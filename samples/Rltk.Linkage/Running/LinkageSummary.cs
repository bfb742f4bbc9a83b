using static System.FormattableString;

namespace Rltk.Linkage.Running;

/// <summary>Prints the end-of-run summary: the data, blocking, comparison speed, quality and the time of each stage.</summary>
public static class LinkageSummary
{
    public static void Print(LinkageReport report, string cluster, TextWriter output)
    {
        var files = report.Files;
        output.WriteLine(Invariant($"records            A {report.RecordsA:N0}, B {report.RecordsB:N0} ({files.A}, {files.B})"));
        output.WriteLine(report.Judgement is { } truth
            ? Invariant($"true matches       {truth.TrueMatches:N0} ({files.Truth})")
            : "true matches       unknown: no ground truth given (--truth), evaluation skipped");
        output.WriteLine(Invariant($"candidate pairs    {report.CandidatePairs:N0} from {report.BlockingKeys:N0} blocking keys ({report.StopKeys:N0} stop keys dropped)"));
        output.WriteLine(Invariant($"reduction ratio    {report.ReductionRatio:F5}"));
        if (report.Judgement is { } judged)
        {
            output.WriteLine(Invariant($"pair completeness  {judged.PairCompleteness:F4}"));
        }

        output.WriteLine(Invariant($"comparison         {report.PairsPerSecond:N0} pairs/s on {cluster}"));
        output.WriteLine(report.Judgement is { Quality: var quality }
            ? Invariant($"matches            {report.Matches:N0}: precision {quality.Precision:F4}, recall {quality.Recall:F4}, F1 {quality.F1:F4}")
            : Invariant($"matches            {report.Matches:N0}"));
        var stages = string.Join(", ", report.Stages.Select(stage => Invariant($"{stage.Stage} {stage.Elapsed.TotalSeconds:F2} s")));
        output.WriteLine(Invariant($"stages             {stages} (total {report.Stages.Sum(stage => stage.Elapsed.TotalSeconds):F2} s)"));
    }
}
