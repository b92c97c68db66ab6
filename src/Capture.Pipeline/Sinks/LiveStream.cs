using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Pipeline.Sinks;

/// <summary>One live viewer of a camera's encoded stream: its access units in order, by reference, from a keyframe on.</summary>
/// <remarks>
/// A viewer that falls behind by more than its queue loses frames up to the next keyframe (a decoder cannot skip a
/// P-frame), never slowing the camera or the other viewers. Dispose it to leave.
/// </remarks>
public sealed class LiveStream : IDisposable
{
    private const int Capacity = 90; // three seconds at 30 fps
    private readonly Channel<VideoFrame> _frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Action<LiveStream> _leave;
    private bool _waitingForKeyframe = true;

    internal LiveStream(Action<LiveStream> leave) => _leave = leave;

    /// <summary>The frames; each one read is the reader's to dispose.</summary>
    public ChannelReader<VideoFrame> Frames => _frames.Reader;

    /// <summary>Frames this viewer lost by falling behind.</summary>
    public long Skipped { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        _leave(this);
        _frames.Writer.TryComplete();
        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    /// <summary>Offers a frame from the sink's loop (the one writer).</summary>
    internal void Offer(VideoFrame frame)
    {
        if (_waitingForKeyframe && !frame.Info.IsKeyFrame)
        {
            Skipped++;
            return;
        }

        _waitingForKeyframe = false;
        if (!_frames.Writer.TryWrite(frame.AddRef()))
        {
            frame.Dispose();
            Skipped++;
            _waitingForKeyframe = true;
        }
    }

    internal void Complete() => _frames.Writer.TryComplete();
}
