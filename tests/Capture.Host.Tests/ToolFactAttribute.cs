namespace Capture.Host.Tests;

/// <summary>A fact that needs executables on PATH (ffmpeg…): skipped when one is missing outside CI; on CI (CI=true) it runs, and fails without them.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(tool => Find(tool) is null).ToArray();
        if (missing.Length > 0 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs {string.Join(", ", missing)} (see .ci/run); on CI this fails instead of skipping.";
        }
    }

    /// <summary>The executable's path on PATH, or null.</summary>
    public static string? Find(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
        .Select(directory => Path.Combine(directory, tool))
        .FirstOrDefault(File.Exists);
}
