using System.Buffers;

namespace Capture.Pipeline.Internal;

/// <summary>An <see cref="IBufferWriter{T}"/> over a reusable byte array, so encoding allocates nothing per image.</summary>
internal sealed class ScratchBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer = [];
    private int _written;

    /// <summary>The bytes written since <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _written);

    /// <summary>Starts over, making sure at least <paramref name="capacity"/> bytes fit (grows once, then reused).</summary>
    public void Reset(int capacity)
    {
        if (_buffer.Length < capacity)
        {
            _buffer = GC.AllocateUninitializedArray<byte>(capacity);
        }

        _written = 0;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var span = _buffer.AsSpan(_written);
        return span.Length >= sizeHint ? span : throw new InvalidOperationException($"The scratch buffer holds {span.Length} more bytes; the encoder asked for {sizeHint}.");
    }
}
