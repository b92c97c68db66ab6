namespace Capture.Core.Media;

/// <summary>The constrainable properties this implementation understands (W3C <c>MediaTrackSupportedConstraints</c>).</summary>
/// <remarks>Every member is true: each name of <see cref="MediaTrackConstraintSet"/> is understood.</remarks>
public sealed record MediaTrackSupportedConstraints
{
    /// <summary>The names, in the order the constraints algorithm reports failures.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Internal.ConstrainableProperties.All.Select(p => p.Name)];

    /// <summary>Supported.</summary>
    public bool Width { get; } = true;

    /// <summary>Supported.</summary>
    public bool Height { get; } = true;

    /// <summary>Supported.</summary>
    public bool AspectRatio { get; } = true;

    /// <summary>Supported.</summary>
    public bool FrameRate { get; } = true;

    /// <summary>Supported.</summary>
    public bool FacingMode { get; } = true;

    /// <summary>Supported.</summary>
    public bool ResizeMode { get; } = true;

    /// <summary>Supported.</summary>
    public bool DeviceId { get; } = true;

    /// <summary>Supported.</summary>
    public bool GroupId { get; } = true;

    /// <summary>Supported.</summary>
    public bool WhiteBalanceMode { get; } = true;

    /// <summary>Supported.</summary>
    public bool ExposureMode { get; } = true;

    /// <summary>Supported.</summary>
    public bool FocusMode { get; } = true;

    /// <summary>Supported.</summary>
    public bool PointsOfInterest { get; } = true;

    /// <summary>Supported.</summary>
    public bool ExposureCompensation { get; } = true;

    /// <summary>Supported.</summary>
    public bool ExposureTime { get; } = true;

    /// <summary>Supported.</summary>
    public bool ColorTemperature { get; } = true;

    /// <summary>Supported.</summary>
    public bool Iso { get; } = true;

    /// <summary>Supported.</summary>
    public bool Brightness { get; } = true;

    /// <summary>Supported.</summary>
    public bool Contrast { get; } = true;

    /// <summary>Supported.</summary>
    public bool Saturation { get; } = true;

    /// <summary>Supported.</summary>
    public bool Sharpness { get; } = true;

    /// <summary>Supported.</summary>
    public bool FocusDistance { get; } = true;

    /// <summary>Supported.</summary>
    public bool Pan { get; } = true;

    /// <summary>Supported.</summary>
    public bool Tilt { get; } = true;

    /// <summary>Supported.</summary>
    public bool Zoom { get; } = true;

    /// <summary>Supported.</summary>
    public bool Torch { get; } = true;

    /// <summary>Supported.</summary>
    public bool BackgroundBlur { get; } = true;
}
