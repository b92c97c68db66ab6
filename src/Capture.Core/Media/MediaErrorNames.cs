namespace Capture.Core.Media;

/// <summary>The DOMException names the media model raises.</summary>
public static class MediaErrorNames
{
    /// <summary>The operation is not supported (e.g. <c>new ImageCapture(audioTrack)</c>, a photo size outside the capabilities).</summary>
    public const string NotSupportedError = nameof(NotSupportedError);

    /// <summary>The object is in the wrong state (e.g. the track has ended).</summary>
    public const string InvalidStateError = nameof(InvalidStateError);

    /// <summary>The operation failed for an operation-specific reason (e.g. the track ended while it ran).</summary>
    public const string OperationError = nameof(OperationError);

    /// <summary>No device matched.</summary>
    public const string NotFoundError = nameof(NotFoundError);

    /// <summary>The device exists but could not be opened or read (a hardware or driver error).</summary>
    public const string NotReadableError = nameof(NotReadableError);

    /// <summary>The operation failed for an unknown, transient reason (e.g. the device failed to take a photo).</summary>
    public const string UnknownError = nameof(UnknownError);

    /// <summary>No settings satisfy the required constraints; see <see cref="OverconstrainedException.Constraint"/>.</summary>
    public const string OverconstrainedError = nameof(OverconstrainedError);
}
