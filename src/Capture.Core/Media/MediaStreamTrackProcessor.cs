using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Core.Media;

/// <summary>Reads a track's frames as a <see cref="ChannelReader{T}"/> (the W3C <c>MediaStreamTrackProcessor</c>'s role).</summary>
/// <remarks>
/// Each processor has its own bounded buffer, so several readers run at once without slowing the camera or each
/// other: when a reader falls behind, the buffer's full mode decides which frame goes, and every drop is counted.
/// The reader disposes each frame it reads. <see cref="MediaStreamTrack.Stop"/> completes <see cref="Readable"/>.
/// </remarks>
public sealed class MediaStreamTrackProcessor : IDisposable
{
    private readonly MediaStreamTrack _track;
    private readonly Channel<VideoFrame> _channel;
    private long _droppedFrames;

    /// <summary>Starts reading <paramref name="track"/>'s frames.</summary>
    /// <param name="track">A video track.</param>
    /// <param name="maxBufferSize">Frames buffered before the full mode applies.</param>
    /// <param name="fullMode">What happens when the buffer is full; <see cref="BoundedChannelFullMode.DropOldest"/> keeps the freshest frames.</param>
    /// <param name="readOnCaptureThread">
    /// The reader's continuation runs on the camera's capture thread as each frame arrives, instead of being woken on
    /// the thread pool: one wake-up less per frame. Only for a reader that hands frames on and never blocks.
    /// </param>
    public MediaStreamTrackProcessor(MediaStreamTrack track, int maxBufferSize = 4, BoundedChannelFullMode fullMode = BoundedChannelFullMode.DropOldest, bool readOnCaptureThread = false)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBufferSize);
        if (track.Kind != MediaStreamTrack.VideoKind)
        {
            throw new ArgumentException("A MediaStreamTrackProcessor reads video tracks only.", nameof(track));
        }

        _track = track;
        _channel = Channel.CreateBounded<VideoFrame>(
            new BoundedChannelOptions(maxBufferSize) { FullMode = fullMode, SingleWriter = true, SingleReader = false, AllowSynchronousContinuations = readOnCaptureThread },
            itemDropped: Drop);
        track.AddProcessor(this);
    }

    /// <summary>The frames, in capture order. Dispose each frame read.</summary>
    public ChannelReader<VideoFrame> Readable => _channel.Reader;

    /// <summary>Frames dropped because this reader fell behind.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Stops reading and releases buffered frames.</summary>
    public void Dispose()
    {
        _track.RemoveProcessor(this);
        Complete();
        while (_channel.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    internal void Offer(VideoFrame frame)
    {
        frame.AddRef();
        if (!_channel.Writer.TryWrite(frame))
        {
            Drop(frame); // Wait mode and full, or completed: a camera never blocks on a reader
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();

    private void Drop(VideoFrame frame)
    {
        Interlocked.Increment(ref _droppedFrames);
        frame.Dispose();
    }
}
