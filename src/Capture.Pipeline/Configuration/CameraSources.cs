namespace Capture.Pipeline.Configuration;

/// <summary>The values <c>source</c> may take.</summary>
public static class CameraSources
{
    /// <summary>The synthetic test-pattern camera.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>Every known source.</summary>
    public static IReadOnlyList<string> All { get; } = [Synthetic];
}
