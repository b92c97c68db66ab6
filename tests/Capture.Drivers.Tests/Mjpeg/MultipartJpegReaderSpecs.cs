using System.Text;
using Capture.Core.Frames;
using Capture.Drivers.Mjpeg;

namespace Capture.Drivers.Tests.Mjpeg;

/// <summary>The multipart reader: cameras' header dialects, parts with and without a length, allocation that does not grow with headers or size.</summary>
public sealed class MultipartJpegReaderSpecs
{
    private static readonly VideoFrameInfo s_info = new("cam", 0, 0, 0, 0, VideoPixelFormat.Jpeg, null, 0, default);

    [Theory]
    [InlineData("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {0}\r\n\r\n", "frame")]
    [InlineData("frame\ncontent-length:{0}\n\n", "frame")] // no "--", lower case, LF alone, no space
    [InlineData("--frame\r\nCONTENT-LENGTH :  {0} \r\n\r\n", "--frame")]
    [InlineData("--frame\r\nContent-Type: image/jpeg\r\n\r\n", "frame")] // no length: read up to the next boundary
    [InlineData("--frame\r\nContent-Length: many\r\n\r\n", "frame")] // a length that is no number counts as none
    public async Task Every_part_should_arrive_whole_in_each_dialect(string header, string boundary)
    {
        var parts = Enumerable.Range(1, 3).Select(i => Part(1000 * i, (byte)i)).ToArray();
        using var stream = Stream(header, parts);
        var reader = new MultipartJpegReader(stream, boundary);
        var pool = new FramePool();

        foreach (var part in parts)
        {
            using var frame = await reader.ReadAsync(pool, s_info, CancellationToken.None);
            Assert.NotNull(frame);
            Assert.Equal(VideoPixelFormat.Jpeg, frame.Info.Format);
            Assert.True(part.AsSpan().SequenceEqual(frame.Data), $"part of {part.Length} bytes read as {frame.Data.Length}");
        }
    }

    // What a part costs must not grow with its headers (no string per header line) or its size (no buffer per part);
    // the fixed rest is async state machines, which a Debug build allocates even when they complete at once.
    [Theory]
    [InlineData("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {0}\r\n\r\n")]
    [InlineData("--frame\r\nContent-Type: image/jpeg\r\n\r\n")]
    public async Task Allocation_per_part_should_not_grow_with_headers_or_size(string header)
    {
        string manyHeaders = header.Replace("Content-Type", string.Concat(Enumerable.Range(0, 12).Select(i => $"X-Header-{i}: value {i}\r\n")) + "Content-Type", StringComparison.Ordinal);

        double plain = await AllocatedPerPartAsync(header, 20_000);
        double headers = await AllocatedPerPartAsync(manyHeaders, 20_000);
        double large = await AllocatedPerPartAsync(header, 200_000);

        Assert.True(headers - plain < 8, $"{plain:F1} bytes per part, {headers:F1} with 12 more header lines");
        // A buffer per part would add at least the part's size; more refills of the 64 KiB read buffer add a Debug state machine each.
        Assert.True(large - plain < 1024, $"{plain:F1} bytes per 20 kB part, {large:F1} per 200 kB part");
    }

    private static async Task<double> AllocatedPerPartAsync(string header, int length)
    {
        const int WarmUp = 50, Measured = 500;
        var parts = Enumerable.Range(0, WarmUp + Measured).Select(i => Part(length + (i % 7 * 1000), (byte)i)).ToArray();
        using var stream = Stream(header, parts);
        var reader = new MultipartJpegReader(stream, "frame");
        var pool = new FramePool();
        for (int i = 0; i < WarmUp; i++)
        {
            (await reader.ReadAsync(pool, s_info, CancellationToken.None))!.Dispose();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
        {
            (await reader.ReadAsync(pool, s_info, CancellationToken.None))!.Dispose();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured;
    }

    [Fact]
    public async Task A_part_without_a_boundary_for_32_MiB_should_be_refused()
    {
        using var stream = new MemoryStream([.. Encoding.ASCII.GetBytes("--frame\r\n\r\n"), .. new byte[33 * 1024 * 1024]]);
        var reader = new MultipartJpegReader(stream, "frame");

        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync(new FramePool(), s_info, CancellationToken.None));
    }

    /// <summary>JPEG-like bytes (never a boundary), starting with the JPEG marker.</summary>
    private static byte[] Part(int length, byte seed)
    {
        var part = new byte[length];
        for (int i = 0; i < length; i++)
        {
            part[i] = (byte)('a' + ((i * 31 + seed) % 26));
        }

        (part[0], part[1]) = (0xFF, 0xD8);
        return part;
    }

    private static MemoryStream Stream(string header, byte[][] parts)
    {
        var stream = new MemoryStream();
        foreach (var part in parts)
        {
            stream.Write(Encoding.ASCII.GetBytes(header.Replace("{0}", part.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
            stream.Write(part);
            stream.Write("\r\n"u8);
        }

        stream.Write("--frame--\r\n"u8);
        stream.Position = 0;
        return stream;
    }
}
