namespace Capture.Core.Frames;

/// <summary>One video frame in pooled memory, shared by reference count (the W3C <c>VideoFrame</c>'s role).</summary>
/// <remarks>
/// Rented from a <see cref="FramePool"/> with a count of one. Each extra holder calls <see cref="AddRef"/>; every
/// holder calls <see cref="IDisposable.Dispose"/> exactly once, and the last one returns the buffer to the pool,
/// so a fan-out to N readers makes no copy and steady-state capture allocates nothing.
/// </remarks>
public sealed class VideoFrame : IDisposable
{
    private readonly FramePool? _pool;
    private byte[] _buffer;
    private int _length;
    private int _references;

    internal VideoFrame(FramePool? pool, int capacity)
    {
        _pool = pool;
        _buffer = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
    }

    /// <summary>Layout, origin and timestamps.</summary>
    public VideoFrameInfo Info { get; private set; }

    /// <summary>The camera that captured the frame.</summary>
    public string CameraId => Info.CameraId;

    /// <summary>Per-camera frame number.</summary>
    public long Sequence => Info.Sequence;

    /// <summary>Width in pixels.</summary>
    public int Width => Info.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Info.Height;

    /// <summary>Pixel layout or encoding.</summary>
    public VideoPixelFormat Format => Info.Format;

    /// <summary>The number of bytes of data.</summary>
    public int Length => _length;

    /// <summary>The frame's bytes. Valid until this holder disposes the frame.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Live()._length);

    /// <summary>The frame's bytes as memory (for APIs that take <see cref="ReadOnlyMemory{T}"/>).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Live()._length);

    /// <summary>True while more than one holder has the frame; a sole holder may write into it (nobody else can take a reference).</summary>
    public bool IsShared => Volatile.Read(ref _references) > 1;

    /// <summary>The writable buffer, for the producer before the frame is shared, or for its sole holder.</summary>
    public Span<byte> GetWritableSpan() => _buffer.AsSpan(0, Live()._length);

    /// <summary>The writable buffer as memory, for asynchronous reads into it (same rule as <see cref="GetWritableSpan"/>).</summary>
    public Memory<byte> GetWritableMemory() => _buffer.AsMemory(0, Live()._length);

    /// <summary>Declares a new holder; the frame stays valid until every holder has disposed it.</summary>
    /// <returns>This frame, for chaining.</returns>
    public VideoFrame AddRef()
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(seen <= 0, this);
        }
        while (Interlocked.CompareExchange(ref _references, seen + 1, seen) != seen);
        return this;
    }

    /// <summary>Drops this holder's reference; the last one returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _pool?.Return(this);
        }
    }

    /// <summary>Sets the producer-side metadata and length, for a frame just rented or trimmed by its producer.</summary>
    public void Reset(in VideoFrameInfo info, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _buffer.Length)
        {
            _buffer = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        }

        Info = info;
        _length = length;
    }

    internal void Rent() => Volatile.Write(ref _references, 1);

    private VideoFrame Live()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _references) <= 0, this);
        return this;
    }
}
