using System.Buffers.Text;
using System.Text;
using Capture.Core.Frames;

namespace Capture.Drivers.Mjpeg;

/// <summary>Reads JPEG parts from a <c>multipart/x-mixed-replace</c> stream straight into pooled frames.</summary>
/// <remarks>
/// A part with a <c>Content-Length</c> is read from the stream directly into its frame's buffer (one copy: the
/// network's). A part without one is scanned for the next boundary. Headers are parsed leniently, as IP cameras vary:
/// the boundary may or may not start with "--", header names are case-insensitive, and lines may end in LF alone.
/// </remarks>
internal sealed class MultipartJpegReader(Stream stream, string? boundary) : IFrameSource
{
    private const int MaxHeaderBytes = 8192;
    private const int MaxPartBytes = 32 * 1024 * 1024;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private byte[] _part = [];
    private readonly byte[] _boundary = Encoding.ASCII.GetBytes("--" + (boundary ?? string.Empty).TrimStart('-'));
    private int _start;
    private int _end;

    /// <summary>Reads the next part into a frame rented from <paramref name="pool"/>; null at the end of the stream.</summary>
    /// <param name="pool">Where frame buffers come from.</param>
    /// <param name="info">The frame's metadata (length, size and format are filled in here).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken)
    {
        int? contentLength = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
        if (contentLength is null)
        {
            return null;
        }

        if (contentLength >= 0)
        {
            var frame = pool.Rent(info with { Format = VideoPixelFormat.Jpeg, Stride = 0 }, contentLength.Value);
            try
            {
                await FillAsync(frame.GetWritableSpan().Length, frame, cancellationToken).ConfigureAwait(false);
                return frame;
            }
            catch
            {
                frame.Dispose();
                throw;
            }
        }

        return await ReadUntilBoundaryAsync(pool, info, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Skips to the next part's headers and reads them; the content length, -1 when absent, null at the end.</summary>
    /// <remarks>Lines are parsed where they lie in the read buffer: no string per header, whatever the frame rate.</remarks>
    private async ValueTask<int?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        int length = -1;
        bool inHeaders = false;
        while (true)
        {
            if (!TryReadLine(out int start, out int count))
            {
                if (_end - _start >= MaxHeaderBytes)
                {
                    throw new InvalidDataException("A multipart header line is longer than 8 KiB: this is not an MJPEG stream.");
                }

                if (!await MoreAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                continue;
            }

            var line = _buffer.AsSpan(start, count);
            if (inHeaders && line.IsEmpty)
            {
                return length;
            }

            // A boundary line ("--name", whatever the name) or a first header starts a part; anything else before it is skipped.
            inHeaders |= line.StartsWith("--"u8) || line.Contains((byte)':');
            length = HeaderLength(line, length);
        }
    }

    /// <summary>Takes the next buffered line (its place in the buffer, without the line ending), if a whole one is buffered.</summary>
    private bool TryReadLine(out int start, out int length)
    {
        int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
        start = _start;
        length = newline < 0 ? 0 : (newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline) - _start;
        if (newline >= 0)
        {
            _start = newline + 1;
        }

        return newline >= 0;
    }

    private static int HeaderLength(ReadOnlySpan<byte> line, int current)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0 || !Ascii.EqualsIgnoreCase(line[..colon].Trim(" \t"u8), "Content-Length"u8))
        {
            return current;
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        return Utf8Parser.TryParse(value, out int length, out int consumed) && consumed == value.Length && length is >= 0 and <= MaxPartBytes
            ? length
            : current;
    }

    /// <summary>Copies the buffered bytes, then reads the rest of the part from the stream into the frame.</summary>
    private async ValueTask FillAsync(int length, VideoFrame frame, CancellationToken cancellationToken)
    {
        int buffered = Math.Min(length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(frame.GetWritableSpan());
        _start += buffered;
        var memory = System.Runtime.InteropServices.MemoryMarshal.AsMemory(frame.Memory);
        int filled = buffered;
        while (filled < length)
        {
            int read = await stream.ReadAsync(memory[filled..length], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"The stream ended {length - filled} bytes into a {length}-byte part.");
            }

            filled += read;
        }
    }

    /// <summary>A part without a length: gathered up to the next boundary in one buffer kept across parts, then copied into its frame.</summary>
    private async ValueTask<VideoFrame?> ReadUntilBoundaryAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken)
    {
        int gathered = 0;
        while (true)
        {
            int found = _buffer.AsSpan(_start, _end - _start).IndexOf(_boundary);
            int take = found >= 0 ? found : Math.Max(0, _end - _start - _boundary.Length);
            if (gathered + take > MaxPartBytes)
            {
                throw new InvalidDataException("A multipart part has no boundary within 32 MiB.");
            }

            if (gathered + take > _part.Length)
            {
                Array.Resize(ref _part, Math.Min(MaxPartBytes, Math.Max(2 * _part.Length, gathered + take)));
            }

            _buffer.AsSpan(_start, take).CopyTo(_part.AsSpan(gathered));
            gathered += take;
            _start += take;
            if (found >= 0 || !await MoreAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        var data = _part.AsSpan(0, gathered).TrimEnd("\r\n"u8);
        if (data.IsEmpty)
        {
            return null;
        }

        var frame = pool.Rent(info with { Format = VideoPixelFormat.Jpeg, Stride = 0 }, data.Length);
        data.CopyTo(frame.GetWritableSpan());
        return frame;
    }

    private async ValueTask<bool> MoreAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("The multipart stream overflowed its header buffer.");
        }

        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
