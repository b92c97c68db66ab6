using System.Buffers.Binary;
using System.Text;

namespace Capture.Core.Video.Internal;

/// <summary>Builds a tree of MP4 boxes in memory: <see cref="Begin(string)"/> a box, write its fields, <see cref="End"/> it (its size is filled in then).</summary>
/// <remarks>For the few boxes written once per stream (an initialization segment); fragments on the frame path use <see cref="Mp4Fragment"/>.</remarks>
internal sealed class Mp4BoxWriter
{
    private readonly List<byte> _bytes = [];
    private readonly Stack<int> _open = new();

    /// <summary>Opens a box of <paramref name="type"/>.</summary>
    public Mp4BoxWriter Begin(string type)
    {
        _open.Push(_bytes.Count);
        UInt32(0);
        _bytes.AddRange(Encoding.ASCII.GetBytes(type));
        return this;
    }

    /// <summary>Opens a full box: a box with a version and 24 bits of flags.</summary>
    public Mp4BoxWriter Begin(string type, byte version, uint flags) => Begin(type).UInt32(((uint)version << 24) | (flags & 0xFFFFFF));

    /// <summary>Closes the innermost open box, writing its size.</summary>
    public Mp4BoxWriter End()
    {
        int start = _open.Pop();
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(size, (uint)(_bytes.Count - start));
        for (int i = 0; i < 4; i++)
        {
            _bytes[start + i] = size[i];
        }

        return this;
    }

    /// <summary>A whole box around <paramref name="body"/>.</summary>
    public Mp4BoxWriter Box(string type, ReadOnlySpan<byte> body) => Begin(type).Bytes(body).End();

    public Mp4BoxWriter UInt8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public Mp4BoxWriter UInt16(int value) => UInt8(value >> 8).UInt8(value);

    public Mp4BoxWriter UInt32(uint value) => UInt16((int)(value >> 16)).UInt16((int)(value & 0xFFFF));

    public Mp4BoxWriter Zeros(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _bytes.Add(0);
        }

        return this;
    }

    public Mp4BoxWriter Text(string fourcc) => Bytes(Encoding.ASCII.GetBytes(fourcc));

    public Mp4BoxWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>The identity transformation matrix of <c>mvhd</c> and <c>tkhd</c>.</summary>
    public Mp4BoxWriter UnityMatrix() =>
        UInt32(0x00010000).UInt32(0).UInt32(0).UInt32(0).UInt32(0x00010000).UInt32(0).UInt32(0).UInt32(0).UInt32(0x40000000);

    /// <summary>Everything written, every box closed.</summary>
    public byte[] ToArray() => _open.Count == 0 ? [.. _bytes] : throw new InvalidOperationException($"{_open.Count} MP4 boxes are still open.");
}
