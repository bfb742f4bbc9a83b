using Rltk.Linkage.Evaluation;

namespace Rltk.Linkage.Running;

/// <summary>What a linkage run found, and how long each stage took.</summary>
public sealed record LinkageReport(
    InputFiles Files,
    int RecordsA,
    int RecordsB,
    int BlockingKeys,
    int StopKeys,
    int CandidatePairs,
    int Matches,
    Judgement? Judgement,
    IReadOnlyList<StageTime> Stages)
{
    /// <summary>The share of all A x B pairs that blocking spared the comparison.</summary>
    public double ReductionRatio => 1 - CandidatePairs / ((double)RecordsA * RecordsB);

    public double PairsPerSecond => CandidatePairs / Stages.Single(stage => stage.Stage == LinkagePipeline.CompareStage).Elapsed.TotalSeconds;
}

/// <summary>The run judged against the ground truth: how many true matches, how many blocking kept, and the quality of the matches.</summary>
public sealed record Judgement(int TrueMatches, double PairCompleteness, LinkageQuality Quality);
