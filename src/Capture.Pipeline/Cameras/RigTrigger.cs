using System.Collections.Immutable;

namespace Capture.Pipeline.Cameras;

/// <summary>The answer to a rig-wide software trigger (<see cref="ICaptureRig.TriggerAsync"/>).</summary>
/// <param name="Frames">The frame each camera exposed, with its device and host times.</param>
/// <param name="Failed">The cameras that could not fire (not in software trigger mode, not live, not answering).</param>
public sealed record RigTrigger(ImmutableArray<Camera.Triggered> Frames, ImmutableArray<Camera.MediaError> Failed)
{
    /// <summary>How far apart the frames arrived on the host: the latest arrival minus the earliest.</summary>
    public TimeSpan Skew => Frames.Length < 2 ? TimeSpan.Zero : Frames.Max(f => f.ArrivedAt) - Frames.Min(f => f.ArrivedAt);
}
