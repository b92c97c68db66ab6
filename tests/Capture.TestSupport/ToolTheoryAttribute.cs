namespace Capture.TestSupport;

/// <summary>A theory that needs external tools: skipped when one is missing outside CI; on CI (CI=true) it runs, and fails without them.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        var missing = tools.Where(tool => !Tools.IsInstalled(tool)).ToArray();
        if (missing.Length > 0 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs {string.Join(", ", missing)} (see .ci/run); on CI this fails instead of skipping.";
        }
    }
}
