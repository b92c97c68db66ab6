namespace Capture.Pipeline.Configuration;

/// <summary>When recordings are deleted, oldest first: whichever limit bites first (<c>capture.recording.retention</c>).</summary>
/// <param name="MaxAge">Delete recordings older than this.</param>
/// <param name="MaxBytesPerCamera">Keep each camera's recordings under this size.</param>
/// <param name="MaxBytesTotal">Keep all recordings under this size.</param>
/// <param name="MinFreeBytes">Keep at least this much free space on the recordings' disk.</param>
public sealed record RetentionSettings(TimeSpan? MaxAge = null, long? MaxBytesPerCamera = null, long? MaxBytesTotal = null, long? MinFreeBytes = null)
{
    /// <summary>Keep everything.</summary>
    public static RetentionSettings KeepAll { get; } = new();
}
