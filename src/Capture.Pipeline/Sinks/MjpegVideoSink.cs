using Capture.Core.Frames;
using Capture.Pipeline.Internal;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Sinks;

/// <summary>Records JPEG frames into MJPEG AVI segments of a fixed duration, playable by ffplay, VLC and browsers' tools.</summary>
/// <remarks>
/// Layout: <c>{root}/{camera}/video/{yyyy-MM-dd}/{camera}-{yyyyMMdd-HHmmss}.avi</c>. A segment is written as
/// <c>.avi.part</c> and renamed once its index and sizes are written, so a crash never leaves a broken file under a
/// final name. After each segment, retention deletes the oldest recordings beyond the limits. A change of frame size,
/// a segment reaching <c>maxSegmentBytes</c> (AVI 1.0 indexes with 32-bit offsets, so never past 2 GiB) and a gap in
/// the frames' capture times (an outage) start a new segment, so a file's frame rate stays the camera's.
/// </remarks>
public sealed class MjpegVideoSink(string root, CameraId camera, TimeSpan segmentDuration, RetentionSettings? retention = null, long maxSegmentBytes = VideoSinkSettings.MaxAviSegmentBytes) : IFrameSink, IDisposable
{
    private const long LargestSegmentBytes = int.MaxValue - (16L << 20);
    private static readonly TimeSpan s_gap = TimeSpan.FromSeconds(2);

    private readonly string _root = Path.GetFullPath(root);
    private readonly RetentionSettings _retention = retention ?? RetentionSettings.KeepAll;
    private AviWriter? _writer;
    private string? _path;
    private DateTime _segmentStart;
    private (int Width, int Height) _size;
    private DateTime _lastFrame;
    private readonly long _maxBytes = Math.Clamp(maxSegmentBytes, 1, LargestSegmentBytes);

    /// <inheritdoc />
    public string Name => "video";

    /// <summary>The segments completed so far, in order.</summary>
    public List<string> Segments { get; } = [];

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format != VideoPixelFormat.Jpeg)
        {
            throw new InvalidOperationException($"The video sink stores JPEG frames; camera '{camera}' delivers {frame.Format} (add an encode stage).");
        }

        var utc = frame.Info.UtcTime;
        bool gap = utc - _lastFrame > s_gap || utc < _lastFrame;
        if (_writer is null || utc - _segmentStart >= segmentDuration || (frame.Width, frame.Height) != _size || gap || _writer.Length + frame.Length + 64 > _maxBytes)
        {
            FinishSegment();
            StartSegment(frame, utc);
        }

        _writer!.WriteFrame(frame.Data, utc);
        _lastFrame = utc;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        FinishSegment();
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes the current segment if one is open.</summary>
    public void Dispose() => FinishSegment();

    private void StartSegment(VideoFrame frame, DateTime utc)
    {
        _path = RecordingFiles.NewSegment(_root, camera, utc, ".avi");
        _writer = new AviWriter(_path + ".part", frame.Width, frame.Height);
        _segmentStart = utc;
        _size = (frame.Width, frame.Height);
    }

    private void FinishSegment()
    {
        if (_writer is null)
        {
            return;
        }

        var writer = _writer;
        _writer = null;
        string final = RecordingFiles.Finish(writer.Close, writer, _path + RecordingFiles.Partial);

        Segments.Add(final);
        Retention.Apply(_root, _retention, DateTime.UtcNow);
    }
}
