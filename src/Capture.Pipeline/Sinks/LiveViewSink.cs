using Capture.Core.Frames;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Sinks;

/// <summary>Holds a camera's latest frame as JPEG for any number of live viewers, who all share one encode.</summary>
/// <remarks>
/// Fed through a drop-oldest queue, so a slow pipeline never backs up into it, and a slow viewer only skips frames:
/// each viewer asks for the next frame newer than the one it has. Raw frames are encoded only while someone watches;
/// otherwise only a reference to the latest raw frame is kept, and a snapshot encodes it on demand. JPEG frames (from
/// an MJPEG camera or an encode stage) are shared as they are.
/// </remarks>
public sealed class LiveViewSink : IFrameSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly EncodeProcessor _encoder;
    private VideoFrame? _latest;
    private long _version;
    private int _viewers;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;

    /// <summary>Creates the sink; raw frames are encoded at <paramref name="quality"/>.</summary>
    public LiveViewSink(int quality = 80) => _encoder = new EncodeProcessor(VideoPixelFormat.Jpeg, quality);

    /// <inheritdoc />
    public string Name => "live";

    /// <summary>Viewers streaming now.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var kept = frame.Format is VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32 && Viewers > 0 ? Encode(frame) : frame.AddRef();
        Publish(kept);
        return ValueTask.CompletedTask;
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
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest frame as JPEG (encoded now if it is raw), or null before the first frame; the caller disposes it.</summary>
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
            _latest?.Dispose();
            _latest = null;
        }
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
        TaskCompletionSource waiting;
        lock (_gate)
        {
            (previous, _latest) = (_latest, frame);
            _version++;
            waiting = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous?.Dispose();
        waiting.TrySetResult();
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
