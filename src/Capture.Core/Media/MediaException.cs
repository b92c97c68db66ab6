namespace Capture.Core.Media;

/// <summary>A W3C <c>DOMException</c> raised by the media model; <see cref="Name"/> is the DOMException name.</summary>
/// <remarks>WebIDL <c>TypeError</c>s are raised as <see cref="ArgumentException"/> instead, as .NET callers expect.</remarks>
public class MediaException : Exception
{
    /// <summary>Creates an exception with a DOMException name and a message.</summary>
    public MediaException(string name, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>Creates an exception with a DOMException name, a message and the cause.</summary>
    public MediaException(string name, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The DOMException name, one of <see cref="MediaErrorNames"/>.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Message}";

    internal static MediaException NotSupported(string message) => new(MediaErrorNames.NotSupportedError, message);

    internal static MediaException InvalidState(string message) => new(MediaErrorNames.InvalidStateError, message);

    internal static MediaException Operation(string message, Exception? cause = null) => new(MediaErrorNames.OperationError, message, cause);

    internal static MediaException NotFound(string message) => new(MediaErrorNames.NotFoundError, message);

    internal static MediaException NotReadable(string message, Exception? cause) => new(MediaErrorNames.NotReadableError, message, cause);

    internal static MediaException Unknown(string message, Exception? cause = null) => new(MediaErrorNames.UnknownError, message, cause);
}
