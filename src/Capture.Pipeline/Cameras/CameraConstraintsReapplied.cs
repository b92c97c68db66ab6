using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>Published on the EventStream after a camera reopened its device and re-applied the desired constraints.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Constraints">The desired constraints that were re-applied.</param>
/// <param name="Settings">The settings of the new track.</param>
/// <param name="Problem">Why the constraints could not be re-applied, when they could not (the track then runs unconstrained).</param>
public sealed record CameraConstraintsReapplied(CameraId CameraId, MediaTrackConstraints Constraints, MediaTrackSettings Settings, string? Problem) : ICameraEvent;
