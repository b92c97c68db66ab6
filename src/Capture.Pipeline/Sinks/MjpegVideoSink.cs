using System.Globalization;
using Capture.Core.Frames;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Sinks;

/// <summary>Records JPEG frames into MJPEG AVI segments of a fixed duration, playable by ffplay, VLC and browsers' tools.</summary>
/// <remarks>
/// Layout: <c>{root}/{camera}/video/{yyyy-MM-dd}/{camera}-{yyyyMMdd-HHmmss}.avi</c>. A segment is written as
/// <c>.avi.part</c> and renamed once its index and sizes are written, so a crash never leaves a broken file under a
/// final name. After each segment, retention deletes the oldest recordings beyond the limits. A change of frame size
/// starts a new segment.
/// </remarks>
public sealed class MjpegVideoSink(string root, CameraId camera, TimeSpan segmentDuration, RetentionSettings? retention = null) : IFrameSink, IDisposable
{
    private readonly string _root = Path.GetFullPath(root);
    private readonly RetentionSettings _retention = retention ?? RetentionSettings.KeepAll;
    private AviWriter? _writer;
    private string? _path;
    private DateTime _segmentStart;
    private (int Width, int Height) _size;

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
        if (_writer is null || utc - _segmentStart >= segmentDuration || (frame.Width, frame.Height) != _size)
        {
            FinishSegment();
            StartSegment(frame, utc);
        }

        _writer!.WriteFrame(frame.Data, utc);
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
        string folder = Directory.CreateDirectory(Path.Combine(_root, camera.Value, "video", utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        string name = $"{camera}-{utc.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.avi";
        _path = Path.Combine(folder, name);
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

        _writer.Close();
        File.Move(_path + ".part", _path!, overwrite: true);
        Segments.Add(_path!);
        _writer = null;
        Retention.Apply(_root, _retention, DateTime.UtcNow);
    }
}
