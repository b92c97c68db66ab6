using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Cameras;

/// <summary>A camera's health and counters, the reply to <see cref="Camera.GetStatus"/>.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Label">Its human-readable name.</param>
/// <param name="Source">Its driver ("synthetic", …).</param>
/// <param name="Health">Its state.</param>
/// <param name="Since">When it entered that state.</param>
/// <param name="LastError">The last device error, when there was one.</param>
/// <param name="ConsecutiveFailures">Failures since it was last healthy for the reset period.</param>
/// <param name="RetryDelay">When reconnecting: the back-off chosen before the next attempt (with jitter).</param>
/// <param name="RestartsLastHour">Device reopenings after a failure in the last hour.</param>
/// <param name="StallsLastHour">Stalls in the last hour.</param>
/// <param name="FramesDelivered">Frames the current track received.</param>
/// <param name="FramesDiscarded">Corrupt frames the current track's source dropped.</param>
/// <param name="PipelineError">The first error of a pipeline stage or sink, when one failed (the pipeline goes on).</param>
/// <param name="GapsLastHour">Outages in the last hour: from a device failure until the camera delivered again.</param>
/// <param name="DowntimeLastHour">The time those outages lasted.</param>
/// <param name="LastGap">The last outage's length, when there was one.</param>
/// <param name="Reason">Why the camera is in its state (stalled, degraded, reconnecting…); null when healthy.</param>
/// <param name="Motion">Its motion stage (rate, sensitivity, zones, masks), when it has one: the dashboard draws the zones.</param>
/// <param name="Node">In a cluster, the node it runs on (<c>akka.tcp://capture@host:port</c>); null in a single service.</param>
/// <param name="FramesLost">Frames the device sent that never arrived (gaps in its frame numbers, where the source can tell).</param>
public sealed record CameraStatus(
    CameraId CameraId,
    string Label,
    string Source,
    CameraHealth Health,
    DateTimeOffset Since,
    string? LastError,
    int ConsecutiveFailures,
    TimeSpan? RetryDelay,
    int RestartsLastHour,
    int StallsLastHour,
    long FramesDelivered,
    long FramesDiscarded,
    string? PipelineError = null,
    int GapsLastHour = 0,
    TimeSpan DowntimeLastHour = default,
    TimeSpan? LastGap = null,
    string? Reason = null,
    MotionSettings? Motion = null,
    string? Node = null,
    long FramesLost = 0) : ICameraReply;
