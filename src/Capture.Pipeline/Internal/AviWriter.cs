using System.Buffers.Binary;
using System.Text;

namespace Capture.Pipeline.Internal;

/// <summary>Writes an MJPEG AVI (RIFF) file: one video stream of JPEG frames, an idx1 index, sizes patched on close.</summary>
/// <remarks>
/// The frame rate in the headers is measured from the frames' own capture times when the file is closed, so playback
/// runs at the camera's real pace. Offsets below follow the fixed header layout written in <see cref="WriteHeaders"/>.
/// </remarks>
internal sealed class AviWriter : IDisposable
{
    private const int MoviFourCc = 220;
    private const int HeaderLength = 224;
    private readonly FileStream _stream;
    private readonly List<(int Offset, int Length)> _index = new(1024);
    private readonly byte[] _chunkHeader = new byte[8];
    private DateTime _first;
    private DateTime _last;
    private int _largest;

    public AviWriter(string path, int width, int height)
    {
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        WriteHeaders(width, height);
    }

    private AviWriter(FileStream stream) => _stream = stream;

    public int Frames => _index.Count;

    /// <summary>The bytes written so far: the writer only appends, and the stream keeps its position in memory (its length is an <c>fstat</c> per call, once per frame).</summary>
    public long Length => _stream.Position;

    public void WriteFrame(ReadOnlySpan<byte> jpeg, DateTime utc)
    {
        if (_index.Count == 0)
        {
            _first = utc;
        }

        _last = utc;
        int offset = checked((int)(_stream.Position - MoviFourCc));
        "00dc"u8.CopyTo(_chunkHeader);
        BinaryPrimitives.WriteInt32LittleEndian(_chunkHeader.AsSpan(4), jpeg.Length);
        _stream.Write(_chunkHeader);
        _stream.Write(jpeg);
        if ((jpeg.Length & 1) == 1)
        {
            _stream.WriteByte(0);
        }

        _index.Add((offset, jpeg.Length));
        _largest = Math.Max(_largest, jpeg.Length);
    }

    /// <summary>Writes the index and the final sizes and frame rate; the file is then complete.</summary>
    public void Close()
    {
        long moviEnd = _stream.Position;
        var entry = new byte[16];
        _stream.Write("idx1"u8);
        WriteInt32(_index.Count * 16);
        foreach (var (offset, length) in _index)
        {
            "00dc"u8.CopyTo(entry);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(4), 0x10); // AVIIF_KEYFRAME: every JPEG stands alone
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(8), offset);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(12), length);
            _stream.Write(entry);
        }

        double seconds = (_last - _first).TotalSeconds;
        double fps = _index.Count > 1 && seconds > 0 ? (_index.Count - 1) / seconds : 30;
        Patch(4, checked((int)(_stream.Length - 8)));                     // RIFF size
        Patch(32, (int)Math.Round(1_000_000 / fps));                       // avih.dwMicroSecPerFrame
        Patch(48, _index.Count);                                           // avih.dwTotalFrames
        Patch(60, _largest);                                               // avih.dwSuggestedBufferSize
        Patch(128, 1000);                                                  // strh.dwScale
        Patch(132, (int)Math.Round(fps * 1000));                           // strh.dwRate
        Patch(140, _index.Count);                                          // strh.dwLength
        Patch(144, _largest);                                              // strh.dwSuggestedBufferSize
        Patch(216, checked((int)(moviEnd - MoviFourCc)));                  // movi LIST size
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Completes a file a crash left without index: keeps its whole frames, indexes them and patches the headers.</summary>
    /// <param name="path">The unfinished file.</param>
    /// <param name="first">When its first frame was captured (its name says).</param>
    /// <param name="last">When its last frame was written (its modification time), for the frame rate.</param>
    /// <returns>The frames kept; 0 when there were none (the file is then left as it was).</returns>
    public static int Recover(string path, DateTime first, DateTime last)
    {
        using var writer = new AviWriter(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        var stream = writer._stream;
        long at = HeaderLength;
        Span<byte> chunk = stackalloc byte[8];
        while (at + 8 <= stream.Length)
        {
            stream.Position = at;
            stream.ReadExactly(chunk);
            int length = BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]);
            long next = at + 8 + length + (length & 1);
            if (!chunk[..4].SequenceEqual("00dc"u8) || length < 0 || next > stream.Length)
            {
                break;
            }

            writer._index.Add((checked((int)(at - MoviFourCc)), length));
            writer._largest = Math.Max(writer._largest, length);
            at = next;
        }

        if (writer._index.Count == 0)
        {
            return 0;
        }

        stream.SetLength(at);
        stream.Position = at;
        (writer._first, writer._last) = (first, last > first ? last : first);
        writer.Close();
        return writer._index.Count;
    }

    private void WriteHeaders(int width, int height)
    {
        var header = new byte[HeaderLength];
        void FourCc(int at, string code) => Encoding.ASCII.GetBytes(code).CopyTo(header, at);
        void Int32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(at), value);
        void Int16(int at, short value) => BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(at), value);

        FourCc(0, "RIFF");
        FourCc(8, "AVI ");
        FourCc(12, "LIST");
        Int32(16, 192);
        FourCc(20, "hdrl");
        FourCc(24, "avih");
        Int32(28, 56);
        Int32(44, 0x10 | 0x100);    // AVIF_HASINDEX | AVIF_ISINTERLEAVED
        Int32(56, 1);               // one stream
        Int32(64, width);
        Int32(68, height);
        FourCc(88, "LIST");
        Int32(92, 116);
        FourCc(96, "strl");
        FourCc(100, "strh");
        Int32(104, 56);
        FourCc(108, "vids");
        FourCc(112, "MJPG");
        Int32(148, -1);             // default quality
        Int16(160, (short)width);   // rcFrame right
        Int16(162, (short)height);  // rcFrame bottom
        FourCc(164, "strf");
        Int32(168, 40);
        Int32(172, 40);             // BITMAPINFOHEADER.biSize
        Int32(176, width);
        Int32(180, height);
        Int16(184, 1);              // planes
        Int16(186, 24);             // bits per pixel
        FourCc(188, "MJPG");
        Int32(192, width * height * 3);
        FourCc(212, "LIST");
        FourCc(220, "movi");
        _stream.Write(header);
    }

    private void Patch(long at, int value)
    {
        long position = _stream.Position;
        _stream.Position = at;
        WriteInt32(value);
        _stream.Position = position;
    }

    private void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _stream.Write(bytes);
    }
}
