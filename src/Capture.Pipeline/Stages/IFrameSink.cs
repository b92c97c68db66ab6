using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>Where frames end up: files, a network stream, a viewer. Run by a <c>SinkStage</c>, one call at a time.</summary>
public interface IFrameSink
{
    /// <summary>The sink's name in metrics and logs, e.g. "video".</summary>
    string Name { get; }

    /// <summary>Writes one frame. The frame is valid only during the call (call <see cref="VideoFrame.AddRef"/> to keep it).</summary>
    ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken);

    /// <summary>
    /// Whether writing <paramref name="frame"/> touches only memory (no file, no lock held for long), so that it may run
    /// on the thread that delivered it. Otherwise its stage moves to the thread pool first, and a stalled disk holds up
    /// only this sink's queue, whose full policy then counts what it drops. Asked just before each write.
    /// </summary>
    bool WritesInMemory(VideoFrame frame) => false;

    /// <summary>Finishes: flushes and closes files under their final names. No write follows.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
