using Rltk.Linkage.Comparison;

namespace Rltk.Linkage.Running;

/// <summary>The files a run links: datasets A and B, and the ground truth when there is one.</summary>
public sealed record InputFiles(string A, string B, string? Truth);

/// <summary>What a linkage run does: link <see cref="Inputs"/>, or else generate <see cref="Records"/> records per dataset into <see cref="DataFolder"/> and link those.</summary>
public sealed record LinkageSettings
{
    /// <summary>The size of dataset A at which blocking gives at least 1,000,000 candidate pairs, as benchmark W9 needs (about 1.35 million at the default seed).</summary>
    public const int W9Records = 20_000;

    public int Records { get; init; } = 10_000;

    public int Seed { get; init; } = 42;

    public string DataFolder { get; init; } = Path.Combine(Path.GetTempPath(), "rltk-linkage");

    public InputFiles? Inputs { get; init; }

    /// <summary>Blocking keys held by more records than this (in A and B together) are stop keys, dropped.</summary>
    public int MaxKeyFrequency { get; init; } = 200;

    public double Threshold { get; init; } = PersonComparer.DefaultThreshold;

    /// <summary>Candidate pairs per chunk sent to the workers.</summary>
    public int ChunkSize { get; init; } = 2_000;
}
