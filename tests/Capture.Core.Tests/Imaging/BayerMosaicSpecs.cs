using Capture.Core.Frames;
using Capture.Core.Imaging;

namespace Capture.Core.Tests.Imaging;

/// <summary>Demosaicing of 8-bit Bayer frames: each 2×2 cell's red, blue and mean green colour its four pixels.</summary>
public sealed class BayerMosaicSpecs
{
    [Theory]
    [InlineData(VideoPixelFormat.BayerRG8, new byte[] { 200, 100, 50, 10 })]
    [InlineData(VideoPixelFormat.BayerGR8, new byte[] { 100, 200, 10, 50 })]
    [InlineData(VideoPixelFormat.BayerGB8, new byte[] { 100, 10, 200, 50 })]
    [InlineData(VideoPixelFormat.BayerBG8, new byte[] { 10, 100, 50, 200 })]
    public void Each_order_should_find_red_blue_and_both_greens_of_a_cell(VideoPixelFormat order, byte[] cell)
    {
        // Two cells side by side, the second the complement of the first: nothing may leak across cells.
        byte[] mosaic = [cell[0], cell[1], (byte)(255 - cell[0]), (byte)(255 - cell[1]), cell[2], cell[3], (byte)(255 - cell[2]), (byte)(255 - cell[3])];
        var bgra = new byte[4 * 2 * 4];

        BayerMosaic.ToBgra(mosaic, width: 4, height: 2, mosaicStride: 4, order, bgra, bgraStride: 16);

        for (int pixel = 0; pixel < 8; pixel++)
        {
            bool second = pixel % 4 >= 2;
            var expected = second ? ((byte)245, (byte)180, (byte)55, (byte)255) : ((byte)10, (byte)75, (byte)200, (byte)255);
            Assert.Equal(expected, (bgra[pixel * 4], bgra[(pixel * 4) + 1], bgra[(pixel * 4) + 2], bgra[(pixel * 4) + 3]));
        }
    }

    [Fact]
    public void A_JPEG_of_a_Bayer_frame_should_be_in_colour_and_a_PNG_the_mosaic_itself()
    {
        byte[] mosaic = [.. Enumerable.Range(0, 16 * 16).Select(i => (byte)(i % 2 == 0 ? 220 : 30))];
        var image = new ImageView(mosaic, 16, 16, 16, VideoPixelFormat.BayerRG8);
        var jpeg = new System.Buffers.ArrayBufferWriter<byte>();
        var png = new System.Buffers.ArrayBufferWriter<byte>();

        ImageEncoders.Jpeg.Encode(image, 90, jpeg);
        ImageEncoders.Png.Encode(image, 0, png);

        using var colour = SkiaSharp.SKBitmap.Decode(jpeg.WrittenSpan);
        var pixel = colour.GetPixel(5, 5);
        Assert.True(pixel.Red > 150 && pixel.Blue < 80, $"red cells and dark blue: {pixel}"); // R=220, G=(30+220)/2, B=30
        using var raw = SkiaSharp.SKBitmap.Decode(png.WrittenSpan);
        Assert.Equal((16, 16, 220, 30), (raw.Width, raw.Height, (int)raw.GetPixel(0, 0).Red, (int)raw.GetPixel(1, 0).Red));
    }
}
