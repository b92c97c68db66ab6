namespace Capture.Pipeline.Stages.Motion;

/// <summary>Where a motion event is in its life.</summary>
public enum MotionEventPhase
{
    /// <summary>Motion lasted the minimum duration: the event begins (with a snapshot).</summary>
    Start,

    /// <summary>Still moving: sent every few seconds while the event lasts, with the peak score so far.</summary>
    Update,

    /// <summary>The zone was still for <c>end-after</c>, or the camera stopped.</summary>
    End,
}

/// <summary>Motion in one zone of one camera: published on the rig's EventStream at each phase, stored, and delivered to webhooks and MQTT.</summary>
/// <param name="Id">The event's id, the same in every phase (a version-7 GUID: it sorts by start time).</param>
/// <param name="Camera">The camera.</param>
/// <param name="Zone">The zone it was seen in ("all" for a camera without zones).</param>
/// <param name="Phase">Start, update or end.</param>
/// <param name="StartedUtc">The capture time of the first frame with the motion.</param>
/// <param name="EndedUtc">The capture time of the last frame with the motion (end only).</param>
/// <param name="Score">The largest share of the zone that changed in one frame, so far (0–1).</param>
/// <param name="Snapshot">A JPEG of the frame that started the event (start only; empty otherwise).</param>
public sealed record MotionEvent(Guid Id, CameraId Camera, string Zone, MotionEventPhase Phase, DateTime StartedUtc, DateTime? EndedUtc, double Score, ReadOnlyMemory<byte> Snapshot);
