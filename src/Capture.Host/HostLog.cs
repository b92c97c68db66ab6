namespace Capture.Host;

/// <summary>The host's log messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting the capture rig from {ConfigFile} with {CameraCount} camera(s); dashboard and API on {Urls}")]
    public static partial void Starting(ILogger logger, string configFile, int cameraCount, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "JPEG fast path is off: {Reason}")]
    public static partial void SlowJpeg(ILogger logger, string reason);
}
