using System.Diagnostics;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>The counters of one stage of one camera's pipeline: frames in and out, drops by reason, capture→stage latency.</summary>
/// <remarks>Read here needs no listener; <see cref="PipelineMeter"/> reports these counts to exporters while the pipeline runs.</remarks>
public sealed class StageMetrics
{
    private readonly long[] _dropped = new long[Enum.GetValues<DropReason>().Length];
    private long _in;
    private long _out;
    private long _errors;

    /// <summary>Creates the counters of stage <paramref name="stage"/> of camera <paramref name="cameraId"/>.</summary>
    public StageMetrics(string cameraId, string stage)
    {
        CameraId = cameraId;
        Stage = stage;
        CameraTag = new("camera", cameraId);
        StageTag = new("stage", stage);
    }

    /// <summary>The camera.</summary>
    public string CameraId { get; }

    /// <summary>The stage's name, e.g. "encode" or "sink:video".</summary>
    public string Stage { get; }

    /// <summary>The camera as a metric tag, built once.</summary>
    internal KeyValuePair<string, object?> CameraTag { get; }

    /// <summary>The stage as a metric tag, built once.</summary>
    internal KeyValuePair<string, object?> StageTag { get; }

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

    internal void In() => Interlocked.Increment(ref _in);

    internal void Out(VideoFrame frame)
    {
        Interlocked.Increment(ref _out);
        var latency = Stopwatch.GetElapsedTime(frame.Info.HostTimestamp);
        Latency.Record(latency.TotalMilliseconds);
        PipelineMeter.Latency.Record(latency.TotalSeconds, CameraTag, StageTag);
    }

    internal void Drop(DropReason reason, long count = 1) => Interlocked.Add(ref _dropped[(int)reason], count);

    /// <summary>Counts an error; true for the first, so it is logged once.</summary>
    internal bool Error() => Interlocked.Increment(ref _errors) == 1;
}
