namespace Capture.Core.Frames;

/// <summary>A pool of <see cref="VideoFrame"/>s with their buffers, so capture allocates nothing in steady state.</summary>
/// <remarks>One pool per camera fits best: its frames share a size, so returned buffers are reused as they are.</remarks>
public sealed class FramePool
{
    private readonly Stack<VideoFrame> _free = new();
    private readonly int _maxRetained;
    private long _outstanding;

    /// <summary>Creates a pool that keeps at most <paramref name="maxRetained"/> idle frames.</summary>
    public FramePool(int maxRetained = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        _maxRetained = maxRetained;
    }

    /// <summary>Frames rented and not yet returned (a leak check reads zero when every holder disposed).</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Rents a frame of <paramref name="length"/> bytes with the given metadata and a reference count of one.</summary>
    public VideoFrame Rent(in VideoFrameInfo info, int length)
    {
        VideoFrame? frame = null;
        lock (_free)
        {
            _free.TryPop(out frame);
        }

        frame ??= new VideoFrame(this, length);
        frame.Reset(info, length);
        frame.Rent();
        Interlocked.Increment(ref _outstanding);
        return frame;
    }

    internal void Return(VideoFrame frame)
    {
        Interlocked.Decrement(ref _outstanding);
        lock (_free)
        {
            if (_free.Count < _maxRetained)
            {
                _free.Push(frame);
            }
        }
    }
}
