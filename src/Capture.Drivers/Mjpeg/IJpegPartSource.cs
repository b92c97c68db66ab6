using Capture.Core.Frames;

namespace Capture.Drivers.Mjpeg;

/// <summary>Yields JPEG parts into pooled frames: a multipart stream, or a snapshot URL polled at a rate.</summary>
internal interface IJpegPartSource
{
    /// <summary>The next part, or null when the source ended.</summary>
    ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken);
}
