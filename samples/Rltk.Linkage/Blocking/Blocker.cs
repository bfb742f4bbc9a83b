using Rltk.Actors;
using Rltk.Linkage.Records;

namespace Rltk.Linkage.Blocking;

/// <summary>What blocking found: the candidate pairs, how many distinct keys there were, and how many were dropped as stop keys.</summary>
public sealed record BlockingResult(CandidatePair[] Pairs, int Keys, int StopKeys);

/// <summary>
/// Blocking as RLTK's token blocking does it: records of A and B sharing a key become candidate pairs,
/// each pair once. Keys held by more records than a cap are dropped first (stop keys): such a key says
/// little about a pair and would make millions of them.
/// </summary>
public static class Blocker
{
    public static BlockingResult Block(PersonRecord[] a, PersonRecord[] b, int maxKeyFrequency, Remote remote)
    {
        var frequencies = KeyFrequencies.Count(a.Concat(b), remote);
        var blocksOfB = BlocksOf(b, key => frequencies[key] <= maxKeyFrequency);
        var pairs = new List<CandidatePair>();
        var lastPairedWith = new int[b.Length];
        Array.Fill(lastPairedWith, -1);
        for (var i = 0; i < a.Length; i++)
        {
            foreach (var key in BlockingKeys.Of(a[i]))
            {
                foreach (var j in blocksOfB.GetValueOrDefault(key) ?? [])
                {
                    // Pairs of record i come one key after another: a mark per record of B removes repeats without a set.
                    if (lastPairedWith[j] != i)
                    {
                        lastPairedWith[j] = i;
                        pairs.Add(new CandidatePair(i, j));
                    }
                }
            }
        }

        return new BlockingResult([.. pairs], frequencies.Count, frequencies.Values.Count(frequency => frequency > maxKeyFrequency));
    }

    /// <summary>For each kept key, the indexes of the records that hold it.</summary>
    private static Dictionary<string, List<int>> BlocksOf(PersonRecord[] records, Func<string, bool> keep)
    {
        var blocks = new Dictionary<string, List<int>>();
        for (var index = 0; index < records.Length; index++)
        {
            foreach (var key in BlockingKeys.Of(records[index]).Where(keep))
            {
                if (!blocks.TryGetValue(key, out var block))
                {
                    blocks[key] = block = [];
                }

                block.Add(index);
            }
        }

        return blocks;
    }
}
