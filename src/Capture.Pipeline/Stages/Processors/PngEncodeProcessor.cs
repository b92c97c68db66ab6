using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Encodes raw frames to PNG (lossless, for lab images) into pooled frames.</summary>
public sealed class PngEncodeProcessor : IFrameProcessor
{
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly FrameBufferWriter _writer = new();

    /// <inheritdoc />
    public string Name => "encode";

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format == VideoPixelFormat.Png)
        {
            return frame;
        }

        // PNG can exceed the raw size on noise; zlib's worst case is a small fraction over it.
        var info = frame.Info with { Format = VideoPixelFormat.Png, Stride = 0 };
        var png = _pool.Rent(info, (frame.Width * frame.Height * 5) + 65536);
        try
        {
            _writer.Reset(png);
            ImageEncoders.Png.Encode(ImageView.Of(frame), 100, _writer);
            png.Reset(info, _writer.Written);
            return png;
        }
        catch
        {
            png.Dispose();
            throw;
        }
    }
}
