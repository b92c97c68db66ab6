using Capture.Core.Frames;
using Capture.Core.Video;
using Capture.Pipeline.Internal;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Sinks;

/// <summary>Records a camera's H.264/H.265 bitstream, byte for byte, into fragmented MP4 segments: no decode, no re-encode.</summary>
/// <remarks>
/// Layout: <c>{root}/{camera}/video/{yyyy-MM-dd}/{camera}-{yyyyMMdd-HHmmss-fff}.mp4</c>. A segment opens with a
/// keyframe and rotates at the first keyframe after <c>segment</c>; a new stream session (the camera reconnected
/// after an outage) or a jump in its clock starts a new segment at once, so no file stretches over a gap. Fragments
/// are at most one second long and flushed when cut: a segment is <c>.mp4.part</c> until closed, and after a crash
/// <see cref="RecordingRecovery"/> keeps it up to its last complete fragment.
/// </remarks>
internal sealed class Mp4VideoSink(string root, CameraId camera, TimeSpan segmentDuration, RetentionSettings? retention = null, TimeSpan? fragmentDuration = null) : IFrameSink, IDisposable
{
    /// <summary>A decode-time jump beyond this (forwards or backwards) is a gap: the next keyframe opens a new segment.</summary>
    private static readonly TimeSpan s_gap = TimeSpan.FromSeconds(2);

    private readonly string _root = Path.GetFullPath(root);
    private readonly RetentionSettings _retention = retention ?? RetentionSettings.KeepAll;
    private readonly TimeSpan _fragment = fragmentDuration ?? TimeSpan.FromSeconds(1);
    private Mp4SegmentWriter? _writer;
    private EncodedVideoStream? _stream;
    private string? _path;

    /// <inheritdoc />
    public string Name => "video";

    /// <summary>The segments completed so far, in order.</summary>
    public List<string> Segments { get; } = [];

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var info = frame.Info;
        if (!info.IsEncodedVideo || info.Stream is not { } stream)
        {
            throw new InvalidOperationException($"The MP4 recorder stores H.264/H.265 frames; camera '{camera}' delivers {frame.Format}.");
        }

        if (_writer is not null && (!ReferenceEquals(stream, _stream) || (info.IsKeyFrame && StartsNewSegment(info, stream))))
        {
            FinishSegment();
        }

        if (_writer is null)
        {
            if (!info.IsKeyFrame)
            {
                // The source stage lets a stream in only from a keyframe; a frame here without one is a broken invariant, and counted as a failed write.
                throw new InvalidOperationException($"Camera '{camera}': a segment cannot start on a frame that is not a keyframe.");
            }

            StartSegment(frame, stream);
        }

        _writer!.Add(frame);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A frame that joins the open fragment is only held by reference; cutting a fragment or a segment writes.</remarks>
    public bool WritesInMemory(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return _writer is not null && !frame.Info.IsKeyFrame && ReferenceEquals(frame.Info.Stream, _stream) && !_writer.Cuts(frame);
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        FinishSegment();
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes the current segment if one is open.</summary>
    public void Dispose() => FinishSegment();

    private bool StartsNewSegment(in VideoFrameInfo info, EncodedVideoStream stream)
    {
        double step = (double)(info.DecodeTime - _writer!.LastDecodeTime) / stream.Timescale;
        return _writer.ElapsedAt(info.DecodeTime) >= segmentDuration || step < 0 || step > s_gap.TotalSeconds;
    }

    private void StartSegment(VideoFrame frame, EncodedVideoStream stream)
    {
        var utc = frame.Info.UtcTime;
        _path = RecordingFiles.NewSegment(_root, camera, utc, ".mp4");
        _writer = new Mp4SegmentWriter(_path + ".part", stream, frame.Info.DecodeTime, _fragment);
        _stream = stream;
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
