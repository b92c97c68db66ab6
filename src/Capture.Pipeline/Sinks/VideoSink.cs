using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Sinks;

/// <summary>The <c>video</c> sink: each camera's frames recorded in the container their codec belongs in, never re-encoded.</summary>
/// <remarks>H.264/H.265 go to fragmented MP4 segments (<see cref="Mp4VideoSink"/>), JPEG to MJPEG AVI segments (<see cref="MjpegVideoSink"/>).</remarks>
internal sealed class VideoSink(string root, CameraId camera, TimeSpan segment, long maxSegmentBytes, RetentionSettings? retention = null) : IFrameSink, IDisposable
{
    private readonly Mp4VideoSink _mp4 = new(root, camera, segment, retention);
    private readonly MjpegVideoSink _mjpeg = new(root, camera, segment, retention, maxSegmentBytes);

    /// <inheritdoc />
    public string Name => "video";

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Info.IsEncodedVideo ? _mp4.WriteAsync(frame, cancellationToken) : _mjpeg.WriteAsync(frame, cancellationToken);
    }

    /// <inheritdoc />
    public bool WritesInMemory(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Info.IsEncodedVideo && _mp4.WritesInMemory(frame);
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _mp4.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await _mjpeg.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mp4.Dispose();
        _mjpeg.Dispose();
    }
}
