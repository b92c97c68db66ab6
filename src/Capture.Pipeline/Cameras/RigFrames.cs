using System.Collections.Immutable;

namespace Capture.Pipeline.Cameras;

/// <summary>Each camera's frame at one rig-wide instant: a software trigger (<see cref="ICaptureRig.TriggerAsync"/>) or a synchronised start (<see cref="ICaptureRig.StartTogetherAsync"/>).</summary>
/// <param name="Frames">The frame each camera exposed, with its device and host times.</param>
/// <param name="Failed">The cameras that could not take part (not in software trigger mode, not live, not answering).</param>
public sealed record RigFrames(ImmutableArray<Camera.Triggered> Frames, ImmutableArray<Camera.MediaError> Failed)
{
    /// <summary>How far apart the frames arrived on the host: the latest arrival minus the earliest.</summary>
    public TimeSpan Skew => Frames.Length < 2 ? TimeSpan.Zero : Frames.Max(f => f.ArrivedAt) - Frames.Min(f => f.ArrivedAt);
}
