using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Encodes raw frames to JPEG into pooled frames; JPEG frames (MJPEG cameras) pass through untouched, with no decode.</summary>
public sealed class JpegEncodeProcessor(int quality = 85, IImageEncoder? encoder = null) : IFrameProcessor
{
    private readonly IImageEncoder _encoder = encoder ?? ImageEncoders.Jpeg;
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly FrameBufferWriter _writer = new();

    /// <inheritdoc />
    public string Name => "encode";

    /// <summary>The pool encoded frames come from (tests check it for leaks).</summary>
    public FramePool Pool => _pool;

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format == VideoPixelFormat.Jpeg)
        {
            return frame;
        }

        // A JPEG of an 8-bit image is always smaller than its 4-byte-per-pixel source, plus headers.
        var info = frame.Info with { Format = VideoPixelFormat.Jpeg, Stride = 0 };
        var jpeg = _pool.Rent(info, (frame.Width * frame.Height * 4) + 65536);
        try
        {
            _writer.Reset(jpeg);
            _encoder.Encode(ImageView.Of(frame), quality, _writer);
            jpeg.Reset(info, _writer.Written);
            return jpeg;
        }
        catch
        {
            jpeg.Dispose();
            throw;
        }
    }
}
