using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Configuration;

/// <summary>One sink of a camera, as configured in <c>sinks = [ … ]</c>.</summary>
/// <param name="Kind">"images" (JPEG sequence with a sidecar), "video" (MP4 segments of H.264/H.265, MJPEG AVI segments of JPEG) or "null".</param>
/// <param name="Queue">The queue in front of the sink and its full policy.</param>
/// <param name="Segment">Segment duration for "video".</param>
/// <param name="MaxSegmentBytes">For "video" MJPEG AVI segments: the largest a segment may grow before the next one starts.</param>
public sealed record SinkSettings(string Kind, ChannelSettings Queue, TimeSpan Segment, long MaxSegmentBytes = Sinks.MjpegVideoSink.DefaultMaxSegmentBytes)
{
    /// <summary>The kinds a camera accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["images", "video", "null"];
}
