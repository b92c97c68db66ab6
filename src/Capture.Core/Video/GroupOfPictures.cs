using Capture.Core.Frames;

namespace Capture.Core.Video;

/// <summary>The frames of an encoded stream since its latest keyframe, held by reference: what a decoder needs to show the newest picture.</summary>
/// <remarks>
/// Costs a reference per frame (no copy); the frames go back to their pool at the next keyframe. A group longer than
/// <see cref="MaxFrames"/> is let go until the next keyframe rather than held without bound.
/// </remarks>
public sealed class GroupOfPictures : IDisposable
{
    /// <summary>The most frames held (ten seconds at 30 fps).</summary>
    public const int MaxFrames = 300;

    private readonly Lock _gate = new();
    private readonly List<VideoFrame> _frames = new(64);

    /// <summary>True before the first keyframe (and for a stream that is not encoded video).</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count == 0;
            }
        }
    }

    /// <summary>Adds an encoded frame; a keyframe starts a new group, an empty one (an access unit lost on the way) ends it. Other frames are ignored.</summary>
    public void Add(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.Info.IsEncodedVideo)
        {
            return;
        }

        lock (_gate)
        {
            if (frame.Length == 0 || frame.Info.IsKeyFrame || _frames.Count >= MaxFrames || (_frames.Count > 0 && !ReferenceEquals(_frames[0].Info.Stream, frame.Info.Stream)))
            {
                ReleaseAll();
            }

            if (frame.Length > 0 && (_frames.Count > 0 || frame.Info.IsKeyFrame))
            {
                _frames.Add(frame.AddRef());
            }
        }
    }

    /// <summary>The group so far, keyframe first, each frame with a reference the caller disposes; empty before the first keyframe.</summary>
    public VideoFrame[] Snapshot()
    {
        lock (_gate)
        {
            var copy = new VideoFrame[_frames.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = _frames[i].AddRef();
            }

            return copy;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            ReleaseAll();
        }
    }

    private void ReleaseAll()
    {
        foreach (var held in _frames)
        {
            held.Dispose();
        }

        _frames.Clear();
    }
}
