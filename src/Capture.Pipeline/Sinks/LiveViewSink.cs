using System.Buffers;
using System.Collections.Immutable;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Video;
using Capture.Drivers.Ffmpeg;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Sinks;

/// <summary>Holds a camera's latest frame as JPEG for any number of live viewers, who all share one encode.</summary>
/// <remarks>
/// Fed through a drop-oldest queue, so a slow pipeline never backs up into it, and a slow viewer only skips frames:
/// each viewer asks for the next frame newer than the one it has. Raw frames are encoded only while someone watches;
/// otherwise only a reference to the latest raw frame is kept, and a snapshot encodes it on demand. JPEG frames (from
/// an MJPEG camera or an encode stage) are shared as they are. H.264/H.265 frames go as they are to every
/// <see cref="LiveStream"/> (fragmented MP4 for the browser's Media Source Extensions: one upstream for all viewers,
/// no decode); the frames since the latest keyframe are held by reference, and a snapshot decodes them only when asked.
/// </remarks>
public sealed class LiveViewSink : IFrameSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly EncodeProcessor _encoder;
    private VideoFrame? _latest;
    private bool _disposed;
    private long _version;
    private int _viewers;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _awaited; // whether anyone waits on _next: without viewers a frame allocates no new one
    private bool _completed;
    private readonly GroupOfPictures _group = new();
    private readonly FramePool _pictures = new(maxRetained: 1);
    private ImmutableArray<LiveStream> _streams = [];

    /// <summary>Creates the sink; raw frames are encoded at <paramref name="quality"/>.</summary>
    public LiveViewSink(int quality = 80) => _encoder = new EncodeProcessor(VideoPixelFormat.Jpeg, quality);

    /// <inheritdoc />
    public string Name => "live";

    /// <summary>Viewers streaming now.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <summary>Whether a frame has arrived yet (before it, what the camera sends is not known).</summary>
    public bool HasFrame
    {
        get
        {
            lock (_gate)
            {
                return _latest is not null;
            }
        }
    }

    /// <summary>The stream of the latest frame, when it is H.264/H.265; null for JPEG or raw frames, or before the first frame.</summary>
    public EncodedVideoStream? EncodedStream
    {
        get
        {
            lock (_gate)
            {
                return _latest?.Info.Stream;
            }
        }
    }

    /// <summary>Starts a viewer of the encoded stream (from its next keyframe).</summary>
    public LiveStream Subscribe()
    {
        var stream = new LiveStream(leaving => ImmutableInterlocked.Update(ref _streams, list => list.Remove(leaving)));
        ImmutableInterlocked.Update(ref _streams, list => list.Add(stream));
        return stream;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Info.IsEncodedVideo)
        {
            _group.Add(frame);
            foreach (var stream in _streams)
            {
                stream.Offer(frame);
            }
        }

        var kept = frame.Format.IsEncodable() && Viewers > 0 ? Encode(frame) : frame.AddRef();
        Publish(kept);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>It keeps references; only a raw frame while someone watches is encoded (to JPEG), which is real work.</remarks>
    public bool WritesInMemory(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return !frame.Format.IsEncodable() || Viewers == 0;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiting;
        lock (_gate)
        {
            _completed = true;
            waiting = _next;
        }

        waiting.TrySetResult();
        foreach (var stream in _streams)
        {
            stream.Complete();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Registers a viewer until the returned handle is disposed (while any is registered, raw frames are encoded).</summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _viewers);
        return new Viewer(this);
    }

    /// <summary>Waits for a JPEG frame newer than <paramref name="afterVersion"/>; the caller disposes it. Null once the sink completed.</summary>
    public async Task<(VideoFrame Frame, long Version)?> NextAsync(long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_version > afterVersion && _latest is { Format: VideoPixelFormat.Jpeg } latest)
                {
                    return (latest.AddRef(), _version);
                }

                if (_completed)
                {
                    return null;
                }

                wait = _next.Task;
                _awaited = true;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest picture as JPEG: the latest frame (encoded now if it is raw), or for H.264/H.265 the newest picture decoded from the latest keyframe on; null before the first frame.</summary>
    public async Task<Photo?> SnapshotAsync(CancellationToken cancellationToken)
    {
        var group = _group.Snapshot();
        if (group.Length == 0)
        {
            using var frame = Snapshot();
            return frame is null ? null : new Photo(frame.Data.ToArray(), "image/jpeg", frame.Info.UtcTime);
        }

        try
        {
            using var picture = await FfmpegVideoDecoder.DecodeLastAsync(group, _pictures, cancellationToken).ConfigureAwait(false);
            var jpeg = new ArrayBufferWriter<byte>(picture.Length / 8);
            ImageEncoders.Jpeg.Encode(ImageView.Of(picture), 85, jpeg);
            return new Photo(jpeg.WrittenMemory, "image/jpeg", picture.Info.UtcTime);
        }
        finally
        {
            foreach (var frame in group)
            {
                frame.Dispose();
            }
        }
    }

    /// <summary>The latest frame as JPEG (encoded now if it is raw), or null before the first frame or when it is H.264/H.265 (see <see cref="SnapshotAsync"/>); the caller disposes it.</summary>
    public VideoFrame? Snapshot()
    {
        VideoFrame? latest;
        lock (_gate)
        {
            latest = _latest?.AddRef();
        }

        if (latest is null || latest.Format == VideoPixelFormat.Jpeg)
        {
            return latest;
        }

        if (latest.Info.IsEncodedVideo)
        {
            latest.Dispose();
            return null;
        }

        using (latest)
        {
            return Encode(latest);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _latest?.Dispose();
            _latest = null;
        }

        _group.Dispose();
    }

    /// <summary>One encoder for the sink loop and snapshot requests alike; it reuses one scratch buffer.</summary>
    private VideoFrame Encode(VideoFrame frame)
    {
        lock (_encoder)
        {
            return _encoder.Process(frame);
        }
    }

    private void Publish(VideoFrame frame)
    {
        VideoFrame? previous;
        TaskCompletionSource? waiting = null;
        lock (_gate)
        {
            if (_disposed)
            {
                // A write that was on its way when the camera's live view was removed: nobody will release it later.
                previous = frame;
            }
            else
            {
                (previous, _latest) = (_latest, frame);
            }

            _version++;
            if (_awaited)
            {
                (waiting, _next, _awaited) = (_next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), false);
            }
        }

        previous?.Dispose();
        waiting?.TrySetResult();
    }

    private sealed class Viewer(LiveViewSink sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref sink._viewers);
            }
        }
    }
}
