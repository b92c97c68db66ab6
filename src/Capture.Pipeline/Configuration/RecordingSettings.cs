
namespace Capture.Pipeline.Configuration;

/// <summary>Where recordings go and how long they stay (<c>capture.recording</c>).</summary>
/// <param name="Path">The root folder; each camera records under a folder named by its id.</param>
/// <param name="Retention">Which recordings are deleted, oldest first.</param>
/// <param name="InputCapacity">Frames buffered between a camera and its pipeline (oldest dropped, counted).</param>
public sealed record RecordingSettings(string Path, RetentionSettings Retention, int InputCapacity);
