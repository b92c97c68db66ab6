using Capture.Core.Frames;

namespace Capture.Core.Drivers;

/// <summary>A driver whose frames are encoded video (H.264/H.265) and that can decode its newest picture on demand, from its latest keyframe on.</summary>
/// <remarks><c>grabFrame</c> returns pixels; for such a camera they exist only when asked for, so nothing is decoded while nobody asks.</remarks>
public interface ILatestPictureSource
{
    /// <summary>The newest picture as a BGRA frame; the caller disposes it.</summary>
    Task<VideoFrame> DecodeLatestAsync(CancellationToken cancellationToken);
}
