using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Capture.Core.Imaging;

/// <summary>
/// 16-bit greyscale PNG (colour type 0, bit depth 16), written here because SkiaSharp has no 16-bit grey: the lossless
/// form of a Mono16 camera's frames that every image tool reads. Rows are filtered with Up (differences to the row
/// above compress best on camera images), deflated at the fastest level.
/// </summary>
internal static class Grey16Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_deflated;

    /// <summary>Writes <paramref name="image"/> (little-endian 16-bit samples) as a PNG file's bytes to <paramref name="output"/>.</summary>
    public static void Encode(in ImageView image, IBufferWriter<byte> output)
    {
        var deflated = t_deflated ??= new ArrayBufferWriter<byte>();
        deflated.ResetWrittenCount();
        Deflate(image, deflated);

        Signature.CopyTo(output.GetSpan(Signature.Length));
        output.Advance(Signature.Length);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 16; // bit depth
        header[9] = 0; // greyscale
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        Chunk(output, "IHDR"u8, header);
        Chunk(output, "IDAT"u8, deflated.WrittenSpan);
        Chunk(output, "IEND"u8, []);
    }

    private static void Deflate(in ImageView image, ArrayBufferWriter<byte> deflated)
    {
        int rowBytes = image.Width * 2;
        byte[] row = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        try
        {
            using var zlib = new ZLibStream(new BufferWriterStream(deflated), CompressionLevel.Fastest, leaveOpen: false);
            for (int y = 0; y < image.Height; y++)
            {
                var samples = image.Pixels.Slice(y * image.Stride, rowBytes);
                var above = y == 0 ? default : image.Pixels.Slice((y - 1) * image.Stride, rowBytes);
                row[0] = y == 0 ? (byte)0 : (byte)2; // None for the first row, Up after
                for (int x = 0; x < rowBytes; x += 2)
                {
                    // PNG samples are big-endian; the filter works on bytes.
                    byte high = samples[x + 1], low = samples[x];
                    row[1 + x] = y == 0 ? high : (byte)(high - above[x + 1]);
                    row[2 + x] = y == 0 ? low : (byte)(low - above[x]);
                }

                zlib.Write(row, 0, rowBytes + 1);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    private static void Chunk(IBufferWriter<byte> output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(12 + data.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, data.Length);
        type.CopyTo(span[4..]);
        data.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(8 + data.Length)..], Crc32.HashToUInt32(span.Slice(4, 4 + data.Length)));
        output.Advance(12 + data.Length);
    }

    /// <summary>A write-only stream into a buffer writer, for ZLibStream.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
