using Capture.Core.Frames;

namespace Capture.Drivers;

/// <summary>Yields a stream camera's frames into pooled frames: JPEG parts (a multipart stream, a polled snapshot URL) or the access units of an MP4-fragmented H.264/H.265 stream.</summary>
internal interface IFrameSource
{
    /// <summary>The next frame, or null when the source ended.</summary>
    ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken);
}
