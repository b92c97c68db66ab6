namespace Capture.Host.Tests.Dashboard;

/// <summary>Debian's Chromium for browser specs: required on CI (CI=true); its absence elsewhere skips them.</summary>
internal static class Chromium
{
    /// <summary>What every spec runs Chromium with: headless, no sandbox (root in CI), no GPU, nothing phoning home.</summary>
    private static readonly string[] s_arguments = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"];

    public const string Path = "/usr/bin/chromium";

    /// <summary>Starts Debian's Chromium headless through <paramref name="playwright"/> (never a downloaded browser).</summary>
    public static Task<Microsoft.Playwright.IBrowser> LaunchAsync(Microsoft.Playwright.IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new Microsoft.Playwright.BrowserTypeLaunchOptions { ExecutablePath = Find() ?? Path, Headless = true, Args = s_arguments });

    public static string? Find()
    {
        if (File.Exists(Path))
        {
            return Path;
        }

        return Environment.GetEnvironmentVariable("CI") == "true"
            ? throw new InvalidOperationException($"{Path} is required on CI (Debian package chromium); .ci/run installs it.")
            : null;
    }
}

/// <summary>A fact that is skipped only when Chromium is missing outside CI (never a fixed skip).</summary>
public sealed class SkippableChromiumFactAttribute : FactAttribute
{
    public SkippableChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.Path) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{Chromium.Path} is not installed (apt-get install chromium); on CI this fails instead.";
        }
    }
}
