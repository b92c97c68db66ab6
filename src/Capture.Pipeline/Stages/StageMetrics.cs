using System.Diagnostics;
using Capture.Core.Frames;
using Capture.Pipeline.Diagnostics;

namespace Capture.Pipeline.Stages;

/// <summary>The counters of one stage of one camera's pipeline: frames in and out, drops by reason, capture→stage latency.</summary>
/// <remarks>Every update also goes to <see cref="PipelineMeter"/>; reading here needs no listener.</remarks>
public sealed class StageMetrics
{
    private readonly long[] _dropped = new long[Enum.GetValues<DropReason>().Length];
    private readonly KeyValuePair<string, object?> _camera;
    private readonly KeyValuePair<string, object?> _stage;
    private long _in;
    private long _out;
    private long _errors;

    /// <summary>Creates the counters of stage <paramref name="stage"/> of camera <paramref name="cameraId"/>.</summary>
    public StageMetrics(string cameraId, string stage)
    {
        CameraId = cameraId;
        Stage = stage;
        _camera = new("camera", cameraId);
        _stage = new("stage", stage);
    }

    /// <summary>The camera.</summary>
    public string CameraId { get; }

    /// <summary>The stage's name, e.g. "encode" or "sink:video".</summary>
    public string Stage { get; }

    /// <summary>Frames that entered.</summary>
    public long FramesIn => Interlocked.Read(ref _in);

    /// <summary>Frames that left (for a sink: were written).</summary>
    public long FramesOut => Interlocked.Read(ref _out);

    /// <summary>Errors seen (each also drops its frame).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Capture→stage latency of recent frames.</summary>
    public LatencyWindow Latency { get; } = new();

    /// <summary>Frames dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    /// <summary>Frames dropped for any reason.</summary>
    public long DroppedTotal => Enum.GetValues<DropReason>().Sum(Dropped);

    internal void In()
    {
        Interlocked.Increment(ref _in);
        PipelineMeter.FramesIn.Add(1, _camera, _stage);
    }

    internal void Out(VideoFrame frame)
    {
        Interlocked.Increment(ref _out);
        double milliseconds = Stopwatch.GetElapsedTime(frame.Info.HostTimestamp).TotalMilliseconds;
        Latency.Record(milliseconds);
        PipelineMeter.FramesOut.Add(1, _camera, _stage);
        PipelineMeter.Latency.Record(milliseconds, _camera, _stage);
    }

    internal void Drop(DropReason reason, long count = 1)
    {
        Interlocked.Add(ref _dropped[(int)reason], count);
        PipelineMeter.FramesDropped.Add(count, _camera, _stage, new("reason", reason));
    }

    /// <summary>Counts an error; true for the first, so it is logged once.</summary>
    internal bool Error() => Interlocked.Increment(ref _errors) == 1;
}
