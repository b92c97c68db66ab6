using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Encodes raw frames to JPEG, PNG or QOI straight into pooled frames; frames already encoded (JPEG, PNG, H.264, H.265) pass through untouched.</summary>
/// <remarks>
/// So JPEG frames from an MJPEG camera reach JPEG sinks, and an IP camera's H.264 reaches its MP4 recording, with no
/// decode and no re-encode (a pipeline that needs PNG from JPEG decodes first: the factory puts a decode stage before). Images are encoded into one
/// reusable scratch buffer and copied into a pooled frame of their own size (64 KiB buckets), so in-flight encoded
/// frames hold kilobytes, not a raw frame's megabytes, and the pool's buffers are reused as they are.
/// </remarks>
public sealed class EncodeProcessor : IFrameProcessor
{
    private const int Bucket = 64 * 1024;
    private readonly FramePool _pool = new(maxRetained: 64);
    private readonly ScratchBufferWriter _scratch = new();
    private readonly IImageEncoder _encoder;
    private readonly int _quality;

    /// <summary>Encodes to <paramref name="format"/> (<see cref="VideoPixelFormat.Jpeg"/>, <see cref="VideoPixelFormat.Png"/> or <see cref="VideoPixelFormat.Qoi"/>).</summary>
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
            VideoPixelFormat.Qoi => ImageEncoders.Qoi,
            _ => throw new ArgumentException($"encode produces Jpeg, Png or Qoi, not {format}.", nameof(format)),
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
        if (!frame.Format.IsEncodable())
        {
            return frame;
        }

        // JPEG of 8-bit pixels is smaller than 4 bytes a pixel; PNG of noise may exceed it by zlib's small overhead, QOI by one byte a pixel at most.
        _scratch.Reset((frame.Width * frame.Height * 5) + Bucket);
        _encoder.Encode(ImageView.Of(frame), _quality, _scratch);
        var encoded = _scratch.Written;
        var info = frame.Info with { Format = Format, Stride = 0 };
        var output = _pool.Rent(info, (encoded.Length + Bucket - 1) / Bucket * Bucket);
        encoded.CopyTo(output.GetWritableSpan());
        output.Reset(info, encoded.Length);
        return output;
    }
}
