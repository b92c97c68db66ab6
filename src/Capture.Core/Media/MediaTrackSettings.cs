using System.Collections.Immutable;

namespace Capture.Core.Media;

/// <summary>The current value of every constrainable property of a track (W3C <c>MediaTrackSettings</c>).</summary>
/// <remarks>Holds a member for every capability the source has, plus <see cref="PointsOfInterest"/> when supported.</remarks>
public sealed record MediaTrackSettings
{
    /// <summary>Frame width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public int? Height { get; init; }

    /// <summary>Width divided by height.</summary>
    public double? AspectRatio { get; init; }

    /// <summary>Frames per second.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Which way the camera faces.</summary>
    public string? FacingMode { get; init; }

    /// <summary>"none" or "crop-and-scale".</summary>
    public string? ResizeMode { get; init; }

    /// <summary>The device's id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device's group id.</summary>
    public string? GroupId { get; init; }

    /// <summary>White-balance mode.</summary>
    public string? WhiteBalanceMode { get; init; }

    /// <summary>Exposure mode.</summary>
    public string? ExposureMode { get; init; }

    /// <summary>Focus mode.</summary>
    public string? FocusMode { get; init; }

    /// <summary>Metering centres.</summary>
    public ImmutableArray<Point2D>? PointsOfInterest { get; init; }

    /// <summary>Exposure bias (EV).</summary>
    public double? ExposureCompensation { get; init; }

    /// <summary>Exposure time (100 µs units).</summary>
    public double? ExposureTime { get; init; }

    /// <summary>Colour temperature (K).</summary>
    public double? ColorTemperature { get; init; }

    /// <summary>ISO.</summary>
    public double? Iso { get; init; }

    /// <summary>Brightness.</summary>
    public double? Brightness { get; init; }

    /// <summary>Contrast.</summary>
    public double? Contrast { get; init; }

    /// <summary>Saturation.</summary>
    public double? Saturation { get; init; }

    /// <summary>Sharpness.</summary>
    public double? Sharpness { get; init; }

    /// <summary>Focus distance.</summary>
    public double? FocusDistance { get; init; }

    /// <summary>Pan (arc-seconds).</summary>
    public double? Pan { get; init; }

    /// <summary>Tilt (arc-seconds).</summary>
    public double? Tilt { get; init; }

    /// <summary>Zoom ratio.</summary>
    public double? Zoom { get; init; }

    /// <summary>Whether the torch is on.</summary>
    public bool? Torch { get; init; }

    /// <summary>Whether background blur is on.</summary>
    public bool? BackgroundBlur { get; init; }
}
