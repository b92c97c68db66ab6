using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Configuration;

/// <summary>One sink of a camera, as configured in <c>sinks = [ … ]</c>.</summary>
/// <param name="Kind">"images" (JPEG sequence with a sidecar), "video" (MJPEG AVI segments) or "null".</param>
/// <param name="Queue">The queue in front of the sink and its full policy.</param>
/// <param name="Segment">Segment duration for "video".</param>
public sealed record SinkSettings(string Kind, ChannelSettings Queue, TimeSpan Segment)
{
    /// <summary>The kinds a camera accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["images", "video", "null"];
}
