using System.Diagnostics;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>
/// Headless Chromium, started once per page load: the DOM after the page's scripts have run for a while
/// (<c>--dump-dom</c> with <c>--virtual-time-budget</c>), or a screenshot. Each run gets a new empty
/// profile and no background traffic (this machine's network refuses connections it did not expect).
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The browser on the PATH; the test fails, saying how to install it, when there is none.</summary>
    public static string Find()
    {
        var found = Names
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), (name, folder) => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail("This test loads the dashboard in headless Chromium, which is not installed: apt-get install chromium (.ci/run installs it).");
        }

        return found;
    }

    /// <summary>The page at <paramref name="url"/> as the browser holds it after <paramref name="pageTime"/> of the page's own (virtual) time.</summary>
    public static Task<string> DumpDomAsync(string browser, string url, TimeSpan pageTime) => RunAsync(browser, url, pageTime, "--dump-dom");

    /// <summary>Saves a screenshot of the page at <paramref name="url"/>, taken after <paramref name="pageTime"/> of the page's time, to <paramref name="file"/>.</summary>
    public static async Task ScreenshotAsync(string browser, string url, TimeSpan pageTime, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Delete(file);
        await RunAsync(browser, url, pageTime, $"--screenshot={file}", "--window-size=1280,960", "--hide-scrollbars");
        Assert.True(File.Exists(file), $"Chromium wrote no screenshot to {file}.");
    }

    private static async Task<string> RunAsync(string browser, string url, TimeSpan pageTime, params string[] what)
    {
        var profile = Directory.CreateTempSubdirectory("rltk-chromium-");
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
                     $"--virtual-time-budget={(int)pageTime.TotalMilliseconds}", .. what, url])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(HostProcess.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish loading {url} within {HostProcess.DefaultTimeout}.");
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode} loading {url}:\n{await errors}");
        return await output;
    }
}
