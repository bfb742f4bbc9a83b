// Rltk.Linkage: a record-linkage job on an Rltk.Actors cluster. Generates two FEBRL-like datasets with a
// ground truth (or reads yours), blocks them, compares the candidate pairs on the cluster and judges the result.
using System.CommandLine;
using Rltk.Actors;
using Rltk.Linkage.Running;

var defaults = new LinkageSettings();
var schedulerArgument = new Argument<string?>("scheduler")
{
    Description = "The scheduler's address, host:port. Without it, the job runs on an embedded cluster (new Remote()).",
    Arity = ArgumentArity.ZeroOrOne,
};
var schedulerOption = new Option<string?>("--scheduler") { Description = "The scheduler's address, host:port, as an option." };
var recordsOption = new Option<int>("--records")
{
    Description = $"Records in generated dataset A (B is as large). {LinkageSettings.W9Records:N0} gives the 1,000,000 candidate pairs benchmark W9 needs.",
    DefaultValueFactory = _ => defaults.Records,
};
var w9Option = new Option<bool>("--w9")
{
    Description = $"Generate at benchmark W9's size: --records {LinkageSettings.W9Records}, at least 1,000,000 candidate pairs.",
};
var seedOption = new Option<int>("--seed") { Description = "The generator's seed: the same seed gives the same data.", DefaultValueFactory = _ => defaults.Seed };
var dataOption = new Option<string>("--data")
{
    Description = "The folder the generated a.csv, b.csv and truth.csv are written to.",
    DefaultValueFactory = _ => defaults.DataFolder,
};
var aOption = new Option<string?>("--a") { Description = "Link this CSV file (FEBRL's columns: rec_id,given_name,surname,...) instead of generated data; needs --b." };
var bOption = new Option<string?>("--b") { Description = "The second CSV file to link, with --a." };
var truthOption = new Option<string?>("--truth") { Description = "With --a and --b: a CSV of true pairs (id_a,id_b) to evaluate against; without it, no evaluation." };
var maxKeyFrequencyOption = new Option<int>("--max-key-frequency")
{
    Description = "Blocking keys held by more records than this (A and B together) are stop keys, dropped.",
    DefaultValueFactory = _ => defaults.MaxKeyFrequency,
};
var thresholdOption = new Option<double>("--threshold")
{
    Description = "A pair whose score (0 to 1) reaches this is a match.",
    DefaultValueFactory = _ => defaults.Threshold,
};
var chunkSizeOption = new Option<int>("--chunk-size") { Description = "Candidate pairs per chunk sent to the workers.", DefaultValueFactory = _ => defaults.ChunkSize };

var command = new RootCommand("Links two datasets of person records on an Rltk.Actors cluster and reports blocking, speed and quality.")
{
    schedulerArgument, schedulerOption, recordsOption, w9Option, seedOption, dataOption, aOption, bOption, truthOption,
    maxKeyFrequencyOption, thresholdOption, chunkSizeOption,
};
command.SetAction(parsed =>
{
    var (argument, option) = (parsed.GetValue(schedulerArgument), parsed.GetValue(schedulerOption));
    var (a, b, truth) = (parsed.GetValue(aOption), parsed.GetValue(bOption), parsed.GetValue(truthOption));
    var usageError = (argument, option, a, b, truth) switch
    {
        ({ }, { }, _, _, _) => "give the scheduler's address once: as the argument or as --scheduler.",
        (_, _, { }, null, _) or (_, _, null, { }, _) => "--a and --b go together: give both files to link, or neither to generate data.",
        (_, _, null, null, { }) => "--truth goes with --a and --b; generated data comes with its own truth.",
        _ when parsed.GetValue(w9Option) && parsed.GetResult(recordsOption) is { Implicit: false } => "give --records or --w9, not both.",
        _ when parsed.GetValue(recordsOption) <= 0 => "--records must be at least 1.",
        _ when parsed.GetValue(maxKeyFrequencyOption) <= 0 => "--max-key-frequency must be at least 1.",
        _ when parsed.GetValue(chunkSizeOption) <= 0 => "--chunk-size must be at least 1.",
        _ when parsed.GetValue(thresholdOption) is < 0 or > 1 => "--threshold is a score from 0 to 1.",
        _ => null,
    };
    if (usageError is not null)
    {
        Console.Error.WriteLine($"error: {usageError}");
        return 2;
    }

    var settings = new LinkageSettings
    {
        Records = parsed.GetValue(w9Option) ? LinkageSettings.W9Records : parsed.GetValue(recordsOption),
        Seed = parsed.GetValue(seedOption),
        DataFolder = parsed.GetValue(dataOption)!,
        Inputs = a is null || b is null ? null : new InputFiles(a, b, truth),
        MaxKeyFrequency = parsed.GetValue(maxKeyFrequencyOption),
        Threshold = parsed.GetValue(thresholdOption),
        ChunkSize = parsed.GetValue(chunkSizeOption),
    };
    var scheduler = argument ?? option;
    var stages = new StageTimes();
    try
    {
        using var remote = stages.Time("cluster start", () => scheduler is null ? new Remote() : new Remote(scheduler));
        var report = LinkagePipeline.Run(remote, settings, stages, Console.Out);
        LinkageSummary.Print(report, scheduler is null ? $"the embedded cluster ({Environment.ProcessorCount} mappers)" : $"the cluster at {scheduler}", Console.Out);
        if (parsed.GetValue(w9Option) && report.CandidatePairs < 1_000_000)
        {
            Console.Error.WriteLine($"warning: {report.CandidatePairs:N0} candidate pairs, fewer than the 1,000,000 W9 needs: raise --records.");
        }

        return 0;
    }
    catch (Exception failure) when (failure is FormatException or IOException or UnauthorizedAccessException or SchedulerUnavailableException)
    {
        Console.Error.WriteLine($"error: {failure.Message}");
        return 1;
    }
});
return command.Parse(args).Invoke();
