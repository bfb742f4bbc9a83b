namespace Rltk.Linkage.Evaluation;

/// <summary>How the matches found compare with the ground truth; each ratio is 0 when its denominator is.</summary>
public readonly record struct LinkageQuality(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
