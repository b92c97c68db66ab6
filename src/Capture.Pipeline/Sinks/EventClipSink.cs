using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Sinks;

/// <summary>The <c>video</c> sink in event mode: records only around motion events, one clip per stretch of events.</summary>
/// <remarks>
/// Between events, frames wait in a ring of the encoded stream, trimmed a whole group of pictures at a time so that it
/// always opens with a keyframe (every JPEG frame is one). An event is reported some time after its first frame
/// (<c>min-duration</c>, and the motion branch's decode), so the ring holds <c>pre-roll</c> plus that
/// <paramref name="detectionDelay"/>; when an event starts, the ring is cut back to the keyframe at or before the
/// event's start less the pre-roll, and a clip opens with it, taking every frame until <c>post-roll</c> after the
/// last event has ended. Events that overlap, or follow within the post-roll, share a clip. A clip is a <see cref="VideoSink"/> of its own (MP4 for
/// H.264/H.265, MJPEG AVI for JPEG), so it is written, recovered after a crash and retained like any recording, and
/// the API lists it with the camera's recordings. Events reach it from the camera's motion branch through
/// <see cref="OnMotion"/>, on that branch's thread; the branch lags the frames by its decode, which the pre-roll covers.
/// </remarks>
internal sealed class EventClipSink(Func<IFrameSink> newClip, TimeSpan preRoll, TimeSpan postRoll, TimeSpan detectionDelay) : IFrameSink, IDisposable
{
    /// <summary>How far behind the frames the motion branch may report, besides <c>min-duration</c>: its queue and decoder.</summary>
    public static readonly TimeSpan DecodeAllowance = TimeSpan.FromSeconds(2);

    /// <summary>The ring's bound when a stream never sends a keyframe: about a minute at 30 fps.</summary>
    private const int MaxBuffered = 2048;

    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _events = [];
    private readonly Queue<VideoFrame> _ring = new();
    private DateTime _recordUntil = DateTime.MinValue;
    private DateTime _clipFrom = DateTime.MaxValue;
    private IFrameSink? _clip;

    /// <inheritdoc />
    public string Name => "video";

    /// <summary>Frames held for the pre-roll now (tests read it).</summary>
    public int Buffered => _ring.Count;

    /// <summary>Takes a motion event: a start opens (or keeps open) a clip, an end lets it run for the post-roll.</summary>
    public void OnMotion(MotionEvent motion)
    {
        ArgumentNullException.ThrowIfNull(motion);
        lock (_gate)
        {
            if (motion.Phase == MotionEventPhase.End)
            {
                _events.Remove(motion.Id);
                var end = (motion.EndedUtc ?? motion.StartedUtc) + postRoll;
                _recordUntil = end > _recordUntil ? end : _recordUntil;
            }
            else if (_events.Add(motion.Id))
            {
                var from = motion.StartedUtc - preRoll;
                _clipFrom = from < _clipFrom ? from : _clipFrom;
            }
        }
    }

    /// <inheritdoc />
    public bool WritesInMemory(VideoFrame frame) => _clip is null && !Wanted(frame);

    /// <inheritdoc />
    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Wanted(frame))
        {
            if (_clip is null)
            {
                Trim(ClipFrom());
                _clip = newClip();
                while (_ring.TryDequeue(out var buffered))
                {
                    using (buffered)
                    {
                        await _clip.WriteAsync(buffered, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await _clip.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CloseClipAsync(cancellationToken).ConfigureAwait(false);
        Buffer(frame);
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await CloseClipAsync(cancellationToken).ConfigureAwait(false);
        Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        (_clip as IDisposable)?.Dispose();
        Clear();
    }

    private static bool IsKeyFrame(VideoFrame frame) => !frame.Info.IsEncodedVideo || frame.Info.IsKeyFrame;

    /// <summary>Where the clip about to open starts: the earliest start of its events less the pre-roll.</summary>
    private DateTime ClipFrom()
    {
        lock (_gate)
        {
            var from = _clipFrom;
            _clipFrom = DateTime.MaxValue;
            return from == DateTime.MaxValue ? DateTime.MinValue : from;
        }
    }

    private bool Wanted(VideoFrame frame)
    {
        lock (_gate)
        {
            return _events.Count > 0 || frame.Info.UtcTime <= _recordUntil;
        }
    }

    private async ValueTask CloseClipAsync(CancellationToken cancellationToken)
    {
        if (_clip is not { } clip)
        {
            return;
        }

        _clip = null;
        lock (_gate)
        {
            _clipFrom = DateTime.MaxValue; // starts of events this clip held; a start that races the close only leaves the next clip longer
        }

        try
        {
            await clip.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (clip as IDisposable)?.Dispose();
        }
    }

    /// <summary>Keeps <paramref name="frame"/>, and no more before it than an event reported now could need.</summary>
    private void Buffer(VideoFrame frame)
    {
        _ring.Enqueue(frame.AddRef());
        Trim(frame.Info.UtcTime - preRoll - detectionDelay);
    }

    /// <summary>Drops the oldest group of pictures while the next one still starts by <paramref name="cut"/> (and any frame past the ring's bound).</summary>
    private void Trim(DateTime cut)
    {
        while (true)
        {
            int before = NextGroupStartsBy(cut);
            if (before == 0 && _ring.Count <= MaxBuffered)
            {
                return;
            }

            for (int i = Math.Max(before, 1); i > 0; i--)
            {
                _ring.Dequeue().Dispose();
            }
        }
    }

    /// <summary>How many frames come before the second keyframe of the ring, when that keyframe is no later than <paramref name="cut"/>; 0 otherwise.</summary>
    private int NextGroupStartsBy(DateTime cut)
    {
        int index = 0;
        foreach (var buffered in _ring)
        {
            if (buffered.Info.UtcTime > cut)
            {
                return 0;
            }

            if (index > 0 && IsKeyFrame(buffered))
            {
                return index;
            }

            index++;
        }

        return 0;
    }

    private void Clear()
    {
        while (_ring.TryDequeue(out var buffered))
        {
            buffered.Dispose();
        }
    }
}
