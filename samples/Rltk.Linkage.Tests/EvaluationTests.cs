using Rltk.Linkage.Evaluation;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Tests;

public sealed class EvaluationTests
{
    private static readonly PersonRecord[] A = [.. Enumerable.Range(0, 4).Select(i => Record($"a-{i}"))];
    private static readonly PersonRecord[] B = [.. Enumerable.Range(0, 4).Select(i => Record($"b-{i}"))];

    [Fact]
    public void Precision_recall_and_F1_follow_from_the_counts()
    {
        var quality = new LinkageQuality(TruePositives: 6, FalsePositives: 2, FalseNegatives: 4);

        Assert.Equal(0.75, quality.Precision);
        Assert.Equal(0.6, quality.Recall);
        Assert.Equal(2 * 0.75 * 0.6 / (0.75 + 0.6), quality.F1, precision: 12);
    }

    [Fact]
    public void No_matches_and_no_truth_make_zeros_not_errors()
    {
        var quality = new LinkageQuality(0, 0, 0);

        Assert.Equal((0.0, 0.0, 0.0), (quality.Precision, quality.Recall, quality.F1));
    }

    [Fact]
    public void The_truth_judges_matches_and_candidates_by_index()
    {
        var truth = new GroundTruth([new IdPair("a-0", "b-2"), new IdPair("a-1", "b-1"), new IdPair("a-3", "b-0")], A, B);

        var quality = truth.Evaluate([new CandidatePair(0, 2), new CandidatePair(1, 1), new CandidatePair(2, 2)]);

        Assert.Equal(new LinkageQuality(TruePositives: 2, FalsePositives: 1, FalseNegatives: 1), quality);
        Assert.Equal(2.0 / 3, truth.PairCompleteness([new CandidatePair(0, 2), new CandidatePair(3, 0), new CandidatePair(3, 3)]), precision: 12);
    }

    [Fact]
    public void A_truth_naming_an_unknown_id_is_an_error()
    {
        var failure = Assert.Throws<FormatException>(() => new GroundTruth([new IdPair("a-0", "b-9")], A, B));

        Assert.Contains("'b-9'", failure.Message);
    }

    private static PersonRecord Record(string id) => new(id, "", "", "", "", "", "", "", "");
}
