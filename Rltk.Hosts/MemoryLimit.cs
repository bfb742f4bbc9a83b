using System.Globalization;

namespace Rltk.Hosts;

/// <summary>
/// A worker's <c>--memory-limit</c>, as dask's: bytes with a unit (<c>2GB</c>, <c>512MiB</c>,
/// <c>1.5 GiB</c>, <c>500000000</c>), or a share of this machine's memory (<c>0.5</c>, <c>50%</c>). kB,
/// MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB of 1024; units are read in any case.
/// </summary>
public static class MemoryLimit
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b"] = 1,
        ["k"] = 1e3, ["kb"] = 1e3, ["m"] = 1e6, ["mb"] = 1e6, ["g"] = 1e9, ["gb"] = 1e9, ["t"] = 1e12, ["tb"] = 1e12,
        ["ki"] = 1L << 10, ["kib"] = 1L << 10, ["mi"] = 1L << 20, ["mib"] = 1L << 20,
        ["gi"] = 1L << 30, ["gib"] = 1L << 30, ["ti"] = 1L << 40, ["tib"] = 1L << 40,
    };

    /// <summary>This machine's memory, as the runtime sees it (a container's limit, if it has one).</summary>
    public static long MachineBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Reads <paramref name="text"/> against a machine of <paramref name="machineBytes"/>; false, with the reason, when it is not a limit.</summary>
    public static bool TryParse(string text, long machineBytes, out long bytes, out string error)
    {
        (bytes, error) = (0, $"--memory-limit {text} is not a memory limit: give bytes with a unit (2GB, 512MiB) or a share of this machine's memory (0.5, 50%)");
        var written = text.Trim();
        var share = written.EndsWith('%');
        var number = share ? written[..^1].Trim() : written;
        var digits = number.Length;
        while (digits > 0 && char.IsLetter(number[digits - 1]))
        {
            digits--;
        }

        var (amount, unit) = (number[..digits].Trim(), number[digits..]);
        if (!double.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        double limit;
        if (share)
        {
            limit = unit.Length == 0 && value <= 100 ? value / 100 * machineBytes : double.NaN;
        }
        else if (unit.Length == 0)
        {
            // dask's rule: up to 1 is a share of the machine, beyond it a number of bytes.
            limit = value <= 1 ? value * machineBytes : value;
        }
        else
        {
            limit = Units.TryGetValue(unit, out var scale) ? value * scale : double.NaN;
        }

        if (double.IsNaN(limit) || limit < 1 || limit > long.MaxValue)
        {
            return false;
        }

        bytes = (long)limit;
        return true;
    }

    /// <summary>A number of bytes for a log line: 612 MiB, 1.5 GiB.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
