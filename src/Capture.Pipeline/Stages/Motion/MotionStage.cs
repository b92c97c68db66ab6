using System.Buffers;
using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Core.Imaging;

namespace Capture.Pipeline.Stages.Motion;

/// <summary>A camera's motion detection: a branch of its fan-out that decodes at its own rate, scores each zone, and publishes events.</summary>
/// <remarks>
/// A branch, not a stage in line, so recordings and live views keep the camera's own encoded frames: only this branch
/// pays for pixels, and only at <c>frame-rate</c> (a <see cref="DecodeStage"/> of its own: JPEG in process, H.264/H.265
/// through one ffmpeg decoder). Writing a frame here only queues it for the decoder; when the decoder falls behind,
/// this sink's queue drops the oldest frames (counted, and the camera turns Degraded). An H.264/H.265 frame after a gap
/// in the sequence numbers (a drop anywhere upstream) would decode as garbage, so the branch waits for the next
/// keyframe. Events carry the frames' capture times; a start carries a JPEG of its frame.
/// </remarks>
internal sealed class MotionStage : IFrameSink, IDisposable
{
    private const int SnapshotQuality = 80;

    /// <summary>The queue in front of the branch: a second of 30 fps video, then the oldest frames are dropped (counted): detection never holds up recording.</summary>
    public static ChannelSettings Queue { get; } = new(32, BoundedChannelFullMode.DropOldest);

    private readonly MotionSettings _settings;
    private readonly Action<MotionEvent> _publish;
    private readonly StageFault? _fault;
    private readonly MotionDetector _detector;
    private readonly MotionEpisode[] _episodes;
    private readonly DecodeStage _decode;
    private readonly StageMetrics _metrics;
    private readonly Channel<VideoFrame> _encoded;
    private readonly Channel<VideoFrame> _pixels;
    private readonly Task _running;
    private long _nextSequence = -1;
    private bool _waitingForKeyFrame;

    /// <summary>Starts the branch's decoder and detector.</summary>
    /// <param name="camera">The camera, named in events and metrics.</param>
    /// <param name="settings">Rate, sensitivity, zones and masks.</param>
    /// <param name="publish">Told of every event (the rig's EventStream); called on the detector's thread.</param>
    /// <param name="fault">Told of the first error of the decoder or detector.</param>
    public MotionStage(CameraId camera, MotionSettings settings, Action<MotionEvent> publish, StageFault? fault = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(publish);
        (_settings, _publish, _fault) = (settings, publish, fault);
        _detector = new MotionDetector(settings);
        _episodes = [.. _detector.Zones.Select(zone => new MotionEpisode(camera, zone, settings))];
        _decode = new DecodeStage(settings.FrameRate);
        _metrics = new StageMetrics(camera.Value, "motion");
        PipelineMeter.Observe(_metrics);
        _encoded = FrameChannel.Create(ChannelSettings.Internal, _metrics);
        _pixels = FrameChannel.Create(ChannelSettings.Internal, _metrics); // back-pressure: frames are lost in one place only, the branch's queue
        _running = Task.WhenAll(
            Task.Run(() => _decode.RunAsync(_encoded.Reader, _pixels.Writer, _metrics, fault, CancellationToken.None)),
            Task.Run(DetectAsync));
    }

    /// <inheritdoc />
    public string Name => "motion";

    /// <summary>The branch's counters: every frame in, those looked at out, those skipped by the rate as decimated, those lost as such.</summary>
    public StageMetrics Metrics => _metrics;

    /// <inheritdoc />
    public bool WritesInMemory(VideoFrame frame) => true; // queues a reference; a full queue awaits without blocking

    /// <inheritdoc />
    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Info.IsEncodedVideo && Skip(frame))
        {
            return;
        }

        frame.AddRef();
        try
        {
            await _encoded.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _encoded.Writer.TryComplete();
        await _running.ConfigureAwait(false);
        foreach (var episode in _episodes)
        {
            if (episode.Finish() is { } ended)
            {
                _publish(ended);
            }
        }

        PipelineMeter.Forget(_metrics);
    }

    /// <summary>Releases the decoder's buffers (after <see cref="CompleteAsync"/>).</summary>
    public void Dispose() => _decode.Dispose();

    /// <summary>True while waiting for a keyframe after a gap in the stream (the frames between could not be decoded).</summary>
    private bool Skip(VideoFrame frame)
    {
        if (_nextSequence >= 0 && frame.Sequence != _nextSequence)
        {
            _waitingForKeyFrame = true;
        }

        _nextSequence = frame.Sequence + 1;
        _waitingForKeyFrame &= !frame.Info.IsKeyFrame;
        if (_waitingForKeyFrame)
        {
            _metrics.Drop(DropReason.Decimated);
        }

        return _waitingForKeyFrame;
    }

    private async Task DetectAsync()
    {
        await foreach (var frame in _pixels.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            using (frame)
            {
                try
                {
                    Observe(frame);
                }
                catch (Exception e) when (e is NotSupportedException or InvalidDataException)
                {
                    _metrics.Drop(DropReason.ProcessingFailed);
                    if (_metrics.Error())
                    {
                        _fault?.Invoke(Name, e);
                    }
                }
            }
        }
    }

    private void Observe(VideoFrame frame)
    {
        var scores = _detector.Observe(frame);
        for (int zone = 0; zone < _episodes.Length; zone++)
        {
            if (_episodes[zone].Observe(frame.Info.UtcTime, scores[zone]) is not { } motion)
            {
                continue;
            }

            _publish(motion.Phase == MotionEventPhase.Start ? motion with { Snapshot = Snapshot(frame) } : motion);
        }
    }

    private static ReadOnlyMemory<byte> Snapshot(VideoFrame frame)
    {
        if (frame.Format is not (VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var jpeg = new ArrayBufferWriter<byte>(frame.Length / 10);
        ImageEncoders.Jpeg.Encode(ImageView.Of(frame), SnapshotQuality, jpeg);
        return jpeg.WrittenMemory;
    }
}
