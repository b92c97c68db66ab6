using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Encodes raw frames to JPEG or PNG straight into pooled frames; frames already in that format pass through untouched.</summary>
/// <remarks>So JPEG frames from an MJPEG camera reach JPEG sinks with no decode and no re-encode.</remarks>
public sealed class EncodeProcessor : IFrameProcessor
{
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly FrameBufferWriter _writer = new();
    private readonly IImageEncoder _encoder;
    private readonly int _quality;

    /// <summary>Encodes to <paramref name="format"/> (<see cref="VideoPixelFormat.Jpeg"/> or <see cref="VideoPixelFormat.Png"/>).</summary>
    /// <param name="format">The output format.</param>
    /// <param name="quality">JPEG quality, 1–100 (PNG is lossless).</param>
    /// <param name="encoder">The encoder; the default for the format when null (libturbojpeg for JPEG when it loads).</param>
    public EncodeProcessor(VideoPixelFormat format = VideoPixelFormat.Jpeg, int quality = 85, IImageEncoder? encoder = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        _encoder = encoder ?? format switch
        {
            VideoPixelFormat.Jpeg => ImageEncoders.Jpeg,
            VideoPixelFormat.Png => ImageEncoders.Png,
            _ => throw new ArgumentException($"encode produces Jpeg or Png, not {format}.", nameof(format)),
        };
        Format = format;
        _quality = quality;
    }

    /// <inheritdoc />
    public string Name => "encode";

    /// <summary>The output format.</summary>
    public VideoPixelFormat Format { get; }

    /// <summary>The pool encoded frames come from (tests check it for leaks).</summary>
    public FramePool Pool => _pool;

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format == Format)
        {
            return frame;
        }

        // JPEG of 8-bit pixels is smaller than 4 bytes a pixel; PNG of noise may exceed it by zlib's small overhead.
        var info = frame.Info with { Format = Format, Stride = 0 };
        var encoded = _pool.Rent(info, (frame.Width * frame.Height * 5) + 65536);
        try
        {
            _writer.Reset(encoded);
            _encoder.Encode(ImageView.Of(frame), _quality, _writer);
            encoded.Reset(info, _writer.Written);
            return encoded;
        }
        catch
        {
            encoded.Dispose();
            throw;
        }
    }
}
