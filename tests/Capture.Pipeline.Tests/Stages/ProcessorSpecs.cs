using Capture.Core.Frames;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline.Tests.Infrastructure;
using SkiaSharp;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>Each processor on hand-made frames.</summary>
public sealed class ProcessorSpecs
{
    private readonly FramePool _pool = new();

    [Fact]
    public void Encode_should_produce_a_decodable_jpeg_and_pass_jpeg_frames_through()
    {
        var encode = new EncodeProcessor(VideoPixelFormat.Jpeg, 90);
        using var raw = TestFrames.Raw(_pool, 1, 320, 240);

        using var jpeg = encode.Process(raw);
        var again = encode.Process(jpeg);

        Assert.Equal(VideoPixelFormat.Jpeg, jpeg.Format);
        Assert.Same(jpeg, again);
        using var bitmap = SKBitmap.Decode(jpeg.Data.ToArray());
        Assert.Equal((320, 240), (bitmap.Width, bitmap.Height));
        Assert.Equal(raw.Info.HostTimestamp, jpeg.Info.HostTimestamp);
    }

    [Fact]
    public void Overlay_should_draw_in_place_when_the_pipeline_holds_the_only_reference()
    {
        var overlay = new OverlayProcessor("front-door");
        using var raw = TestFrames.Raw(_pool, 5, 640, 360);
        var original = raw.Data.ToArray();

        var drawn = overlay.Process(raw);

        Assert.Same(raw, drawn);
        Assert.NotEqual(original, raw.Data.ToArray());
    }

    [Fact]
    public void Overlay_should_draw_on_a_copy_and_leave_the_shared_input_untouched()
    {
        var overlay = new OverlayProcessor("front-door");
        using var raw = TestFrames.Raw(_pool, 5, 640, 360);
        using var otherReader = raw.AddRef();
        var original = raw.Data.ToArray();

        using var drawn = overlay.Process(raw);

        Assert.NotSame(raw, drawn);
        Assert.Equal(original, raw.Data.ToArray());
        var band = drawn.Data[..(drawn.Info.Stride * 12)].ToArray();
        Assert.Contains(band, b => b > 200);
        Assert.Equal(original[^100..], drawn.Data[^100..].ToArray());
    }

    [Fact]
    public void Resize_should_scale_to_the_requested_size()
    {
        var resize = new ResizeProcessor(160, 90);
        using var raw = TestFrames.Raw(_pool, 1, 640, 360);

        using var small = resize.Process(raw);

        Assert.Equal((160, 90, 640), (small.Width, small.Height, small.Info.Stride));
        Assert.Equal(raw.Data[0], small.Data[0]);
    }

    [Fact]
    public void Crop_should_keep_the_rectangle()
    {
        using var raw = TestFrames.Raw(_pool, 1, 64, 48);
        raw.GetWritableSpan()[((10 * 64) + 20) * 4] = 250;

        using var cropped = new CropProcessor(20, 10, 16, 8).Process(raw);

        Assert.Equal((16, 8, 64), (cropped.Width, cropped.Height, cropped.Info.Stride));
        Assert.Equal(250, cropped.Data[0]);
        Assert.Throws<InvalidOperationException>(() => new CropProcessor(60, 0, 16, 8).Process(raw));
    }

    [Fact]
    public void Convert_should_swap_red_and_blue_and_read_yuv()
    {
        using var bgra = TestFrames.Raw(_pool, 1, 4, 2);
        new byte[] { 10, 20, 30, 255 }.CopyTo(bgra.GetWritableSpan());
        var info = bgra.Info with { Format = VideoPixelFormat.I420, Stride = 4 };
        using var yuv = _pool.Rent(info, 12);
        new byte[] { 235, 235, 235, 235, 235, 235, 235, 235, 128, 128, 128, 128 }.CopyTo(yuv.GetWritableSpan());

        using var rgba = new ConvertProcessor(VideoPixelFormat.Rgba32).Process(bgra);
        using var white = new ConvertProcessor(VideoPixelFormat.Bgra32).Process(yuv);

        Assert.Equal(new byte[] { 30, 20, 10, 255 }, rgba.Data[..4].ToArray());
        Assert.Equal(new byte[] { 255, 255, 255, 255 }, white.Data[..4].ToArray());
    }

    [Fact]
    public void Png_encode_should_be_lossless()
    {
        using var raw = TestFrames.Raw(_pool, 3, 32, 16);

        using var png = new EncodeProcessor(VideoPixelFormat.Png).Process(raw);
        using var bitmap = SKBitmap.Decode(png.Data.ToArray());

        Assert.Equal(VideoPixelFormat.Png, png.Format);
        Assert.Equal(raw.Data[0], bitmap.GetPixel(0, 0).Blue);
    }

    [Fact]
    public void Processors_should_return_their_buffers_to_their_pools()
    {
        var encode = new EncodeProcessor();
        for (int i = 0; i < 20; i++)
        {
            using var raw = TestFrames.Raw(_pool, i);
            using var jpeg = encode.Process(raw);
        }

        Assert.Equal(0, encode.Pool.Outstanding);
        Assert.Equal(0, _pool.Outstanding);
    }
}
