using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Capture.Pipeline.Diagnostics;

namespace Capture.Pipeline.Stages;

/// <summary>The <c>Capture.Pipeline</c> meter: frames in, out and dropped (by reason) per camera and stage, and capture→stage latency.</summary>
/// <remarks>
/// The frame counters are observable: they read the counts every running stage keeps anyway (<see cref="StageMetrics"/>)
/// when an exporter collects, so counting a frame costs the frame path no measurement at all. Only the latency
/// histogram is recorded per frame, with the two tag pairs its stage built once. Exported by anything that listens to
/// System.Diagnostics.Metrics (the service uses the OpenTelemetry SDK).
/// </remarks>
internal static class PipelineMeter
{
    // Seconds; 33 and 67 ms are one and two frame intervals at 30 fps.
    private static readonly double[] s_latencyBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.033, 0.05, 0.067, 0.1, 0.2, 0.5, 1, 5];
    private static readonly KeyValuePair<string, object?>[] s_reasons = [.. Enum.GetNames<DropReason>().Select(name => new KeyValuePair<string, object?>("reason", name))];
    private static readonly ConcurrentDictionary<StageMetrics, byte> s_stages = new();
    private static readonly Meter s_meter = new(CaptureMeters.Pipeline);

    static PipelineMeter()
    {
        s_meter.CreateObservableCounter("capture.frames.in", () => Each(stage => stage.FramesIn), "{frame}", "Frames entering a stage.");
        s_meter.CreateObservableCounter("capture.frames.out", () => Each(stage => stage.FramesOut), "{frame}", "Frames leaving a stage (written, for a sink).");
        s_meter.CreateObservableCounter("capture.frames.dropped", Dropped, "{frame}", "Frames dropped, by reason.");
    }

    /// <summary>Capture→stage latency of every frame a stage passes on.</summary>
    internal static Histogram<double> Latency { get; } = s_meter.CreateHistogram(
        "capture.frame.latency", "s", "Time from capture to the end of a stage.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_latencyBuckets });

    /// <summary>Reports <paramref name="stage"/>'s counters from now on (a pipeline's stages, while it runs).</summary>
    internal static void Observe(StageMetrics stage) => s_stages.TryAdd(stage, 0);

    /// <summary>Stops reporting <paramref name="stage"/> (its pipeline was disposed).</summary>
    internal static void Forget(StageMetrics stage) => s_stages.TryRemove(stage, out _);

    private static IEnumerable<Measurement<long>> Each(Func<StageMetrics, long> count) =>
        s_stages.Keys.Select(stage => new Measurement<long>(count(stage), stage.CameraTag, stage.StageTag));

    private static IEnumerable<Measurement<long>> Dropped()
    {
        foreach (var stage in s_stages.Keys)
        {
            for (int reason = 0; reason < s_reasons.Length; reason++)
            {
                if (stage.Dropped((DropReason)reason) is > 0 and long count)
                {
                    yield return new Measurement<long>(count, stage.CameraTag, stage.StageTag, s_reasons[reason]);
                }
            }
        }
    }
}
