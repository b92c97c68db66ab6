namespace Capture.Core.Media;

/// <summary>Frame counts of a video track since it was created (mediacapture-extensions <c>MediaStreamTrackVideoStats</c>).</summary>
/// <param name="DeliveredFrames">Frames handed to the track's readers and grabs.</param>
/// <param name="DiscardedFrames">Frames the source produced but dropped as corrupt or truncated.</param>
/// <param name="TotalFrames">Every frame the source produced while the track was live.</param>
public sealed record MediaStreamTrackVideoStats(long DeliveredFrames, long DiscardedFrames, long TotalFrames);
