namespace Capture.Pipeline.Stages;

/// <summary>Why a frame was dropped; every drop is counted with one.</summary>
public enum DropReason
{
    /// <summary>A bounded queue was full and its policy drops (live view, or the camera's input queue).</summary>
    QueueFull,

    /// <summary>The frame was truncated or malformed.</summary>
    Corrupt,

    /// <summary>A processor (overlay, resize, encode…) threw on it.</summary>
    ProcessingFailed,

    /// <summary>A sink threw while writing it.</summary>
    SinkFailed,

    /// <summary>Not passed on by design, not a failure: a stage runs at a lower rate than the camera (<c>decode { frame-rate = 5 }</c>), or a frame came before the first keyframe a decoder could start from.</summary>
    Decimated,
}
