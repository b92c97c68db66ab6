using Capture.Core.Frames;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Sinks;

/// <summary>Discards frames, counting them and their bytes (benchmarks, and a placeholder while a sink is being set up).</summary>
public sealed class NullSink(string name = "null") : IFrameSink
{
    private long _frames;
    private long _bytes;

    /// <inheritdoc />
    public string Name => name;

    /// <summary>Frames received.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Bytes received.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <inheritdoc />
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, frame.Length);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public bool WritesInMemory(VideoFrame frame) => true;

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
