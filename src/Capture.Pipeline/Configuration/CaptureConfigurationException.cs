namespace Capture.Pipeline.Configuration;

/// <summary>A configuration value is missing or invalid; the message names the key path and the file.</summary>
public sealed class CaptureConfigurationException : Exception
{
    /// <summary>Creates the error for a key.</summary>
    /// <param name="path">The full HOCON path, e.g. <c>capture.cameras.front-door.width</c>.</param>
    /// <param name="reason">What is wrong with the value.</param>
    /// <param name="file">The file the value came from, when known.</param>
    /// <param name="innerException">The underlying parse error, if any.</param>
    public CaptureConfigurationException(string path, string reason, string? file = null, Exception? innerException = null)
        : base($"{(file is null ? string.Empty : $"{file}: ")}{path}: {reason}", innerException)
    {
        Path = path;
        File = file;
    }

    /// <summary>The HOCON path of the offending key.</summary>
    public string Path { get; }

    /// <summary>The file, when known.</summary>
    public string? File { get; }
}
