using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Configuration;

/// <summary>One sink of a camera as configured (<c>sinks = [ … ]</c>): a closed set of records, one per kind, each with its queue.</summary>
public abstract record SinkSettings
{
    private protected SinkSettings(ChannelSettings queue) => Queue = queue;

    /// <summary>The queue in front of the sink.</summary>
    public ChannelSettings Queue { get; init; }

    /// <summary>Whether the sink writes files (and so recovers and retains them).</summary>
    public virtual bool WritesFiles => true;
}

/// <summary><c>images</c>: one file per frame, with a JSON-lines sidecar of timestamps.</summary>
public sealed record ImagesSinkSettings(ChannelSettings Queue) : SinkSettings(Queue);

/// <summary><c>{ video { segment = 5m, max-segment-bytes = 1GB } }</c>: MP4 segments of H.264/H.265 as sent, MJPEG AVI of JPEG.</summary>
/// <param name="Queue">The queue in front of the sink.</param>
/// <param name="Segment">How long a segment runs before it rotates (at the next keyframe).</param>
/// <param name="MaxSegmentBytes">The size at which an MJPEG AVI segment rotates.</param>
/// <param name="Clips">With <c>mode = events</c>: record only around the camera's motion events; null records all the time.</param>
public sealed record VideoSinkSettings(ChannelSettings Queue, TimeSpan Segment, long MaxSegmentBytes, EventClipSettings? Clips = null) : SinkSettings(Queue)
{
    /// <summary>The largest MJPEG AVI segment: 1 GiB keeps every AVI 1.0 offset far inside its 2 GiB limit.</summary>
    public const long MaxAviSegmentBytes = 1L << 30;
}

/// <summary><c>null</c>: takes every frame and keeps none (to measure a pipeline).</summary>
public sealed record NullSinkSettings(ChannelSettings Queue) : SinkSettings(Queue)
{
    /// <inheritdoc />
    public override bool WritesFiles => false;
}

/// <summary><c>{ video { mode = events, pre-roll = 5s, post-roll = 5s } }</c>: clips around motion events instead of continuous recording.</summary>
/// <param name="PreRoll">How much of the stream before an event's start a clip holds (from the keyframe at or before it).</param>
/// <param name="PostRoll">How long a clip runs on after the last event ended.</param>
public sealed record EventClipSettings(TimeSpan PreRoll, TimeSpan PostRoll);
