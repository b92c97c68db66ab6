using System.Buffers.Binary;

namespace Capture.Core.Video;

/// <summary>ISO BMFF (MP4) box headers: reading a box tree in memory and writing headers, nothing more.</summary>
internal static class Mp4Boxes
{
    public const int HeaderLength = 8;

    /// <summary>A box's four-character type as a big-endian integer, e.g. <c>Type("moov")</c>.</summary>
    public static uint Type(ReadOnlySpan<char> fourcc) =>
        ((uint)fourcc[0] << 24) | ((uint)fourcc[1] << 16) | ((uint)fourcc[2] << 8) | fourcc[3];

    /// <summary>The four-character text of a type.</summary>
    public static string Text(uint type) =>
        string.Create(4, type, static (span, t) =>
        {
            for (int i = 0; i < 4; i++)
            {
                char c = (char)((t >> (24 - (8 * i))) & 0xFF);
                span[i] = char.IsAsciiLetterOrDigit(c) || c == ' ' ? c : '?';
            }
        });

    /// <summary>Steps to the next box of a run of sibling boxes: its type and body; false at the end or at a box that does not fit.</summary>
    public static bool Next(ReadOnlySpan<byte> boxes, scoped ref int at, out uint type, out ReadOnlySpan<byte> body)
    {
        type = 0;
        body = [];
        if (at + HeaderLength > boxes.Length)
        {
            return false;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(boxes[at..]);
        int header = HeaderLength;
        if (size == 1 && at + 16 <= boxes.Length)
        {
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(boxes[(at + 8)..]);
            header = 16;
        }
        else if (size == 0)
        {
            size = boxes.Length - at;
        }

        if (size < header || at + size > boxes.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt32BigEndian(boxes[(at + 4)..]);
        body = boxes.Slice(at + header, (int)size - header);
        at += (int)size;
        return true;
    }

    /// <summary>The body of the first child box of <paramref name="type"/> within <paramref name="boxes"/> (a run of sibling boxes), or empty.</summary>
    public static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> boxes, uint type)
    {
        int at = 0;
        while (Next(boxes, ref at, out uint found, out var body))
        {
            if (found == type)
            {
                return body;
            }
        }

        return [];
    }

    /// <summary>Follows a path of nested boxes, e.g. <c>Path(moov, "trak", "mdia", "mdhd")</c>; empty when any is missing.</summary>
    public static ReadOnlySpan<byte> Path(ReadOnlySpan<byte> boxes, params ReadOnlySpan<string> types)
    {
        var current = boxes;
        foreach (var type in types)
        {
            current = Child(current, Type(type));
            if (current.IsEmpty)
            {
                return [];
            }
        }

        return current;
    }

    /// <summary>Writes a box header (size and type) and returns the bytes after it.</summary>
    public static Span<byte> WriteHeader(Span<byte> destination, int size, string type)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Type(type));
        return destination[HeaderLength..];
    }

    /// <summary>Writes a full box header (size, type, version, flags) and returns the bytes after it.</summary>
    public static Span<byte> WriteFullHeader(Span<byte> destination, int size, string type, byte version, uint flags)
    {
        var body = WriteHeader(destination, size, type);
        BinaryPrimitives.WriteUInt32BigEndian(body, ((uint)version << 24) | (flags & 0xFFFFFF));
        return body[4..];
    }
}
