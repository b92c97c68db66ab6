namespace Capture.Pipeline.Diagnostics;

/// <summary>The meters the rig publishes on System.Diagnostics.Metrics, for an exporter to listen to.</summary>
/// <example><c>services.AddOpenTelemetry().WithMetrics(m => m.AddMeter([.. CaptureMeters.Names]))</c></example>
public static class CaptureMeters
{
    /// <summary>Frames in, out and dropped per camera and stage; capture→stage latency.</summary>
    public const string Pipeline = "Capture.Pipeline";

    /// <summary>Cameras by health; device restarts and stalls.</summary>
    public const string Rig = "Capture.Rig";

    /// <summary>Every meter above.</summary>
    public static IReadOnlyList<string> Names { get; } = [Pipeline, Rig];
}
