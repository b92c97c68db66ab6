using System.Buffers;
using Capture.Core.Frames;

namespace Capture.Pipeline.Internal;

/// <summary>An <see cref="IBufferWriter{T}"/> over a pooled frame's buffer, reused frame after frame so encoding allocates nothing.</summary>
internal sealed class FrameBufferWriter : IBufferWriter<byte>
{
    private VideoFrame? _frame;
    private int _written;

    public int Written => _written;

    public void Reset(VideoFrame frame)
    {
        _frame = frame;
        _written = 0;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException("Encoders write through GetSpan.");

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var span = _frame!.GetWritableSpan()[_written..];
        return span.Length >= sizeHint ? span : throw new InvalidOperationException($"The frame buffer holds {span.Length} more bytes; the encoder asked for {sizeHint}.");
    }
}
