using System.Diagnostics.Metrics;

namespace Capture.Pipeline.Diagnostics;

/// <summary>The <c>Capture.Pipeline</c> meter: frame counters and latency, tagged by camera, stage and drop reason.</summary>
/// <remarks>Exported by anything that listens to System.Diagnostics.Metrics (OpenTelemetry, prometheus-net, dotnet-counters).</remarks>
internal static class PipelineMeter
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Capture.Pipeline";

    private static readonly Meter s_meter = new(Name);

    internal static Counter<long> FramesIn { get; } = s_meter.CreateCounter<long>("capture.frames.in", "{frame}", "Frames entering a stage.");

    internal static Counter<long> FramesOut { get; } = s_meter.CreateCounter<long>("capture.frames.out", "{frame}", "Frames leaving a stage (written, for a sink).");

    internal static Counter<long> FramesDropped { get; } = s_meter.CreateCounter<long>("capture.frames.dropped", "{frame}", "Frames dropped, by reason.");

    internal static Histogram<double> Latency { get; } = s_meter.CreateHistogram<double>("capture.frame.latency", "ms", "Time from capture to the end of a stage.");
}
