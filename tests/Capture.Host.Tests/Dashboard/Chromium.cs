namespace Capture.Host.Tests.Dashboard;

/// <summary>Debian's Chromium for browser specs: required on CI (CI=true); its absence elsewhere skips them.</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

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
