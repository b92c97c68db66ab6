namespace Capture.Core.Media;

/// <summary>One set of constraints on a video track's properties (W3C <c>MediaTrackConstraintSet</c> with the Image Capture members).</summary>
/// <remarks>An absent member, an empty list and an empty dictionary all mean "no constraint on that property".</remarks>
public record MediaTrackConstraintSet
{
    /// <summary>Frame width in pixels.</summary>
    public ConstrainDouble? Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public ConstrainDouble? Height { get; init; }

    /// <summary>Width divided by height.</summary>
    public ConstrainDouble? AspectRatio { get; init; }

    /// <summary>Frames per second.</summary>
    public ConstrainDouble? FrameRate { get; init; }

    /// <summary>Which way the camera faces: "user", "environment", "left", "right".</summary>
    public ConstrainString? FacingMode { get; init; }

    /// <summary>"none" (native modes only) or "crop-and-scale".</summary>
    public ConstrainString? ResizeMode { get; init; }

    /// <summary>The device's id.</summary>
    public ConstrainString? DeviceId { get; init; }

    /// <summary>The id of the physical device group.</summary>
    public ConstrainString? GroupId { get; init; }

    /// <summary>White-balance mode: "none", "manual", "single-shot", "continuous".</summary>
    public ConstrainString? WhiteBalanceMode { get; init; }

    /// <summary>Exposure mode: "none", "manual", "single-shot", "continuous".</summary>
    public ConstrainString? ExposureMode { get; init; }

    /// <summary>Focus mode: "none", "manual", "single-shot", "continuous".</summary>
    public ConstrainString? FocusMode { get; init; }

    /// <summary>Metering centres for focus, exposure and white balance, normalized to [0,1].</summary>
    public ConstrainPoint2D? PointsOfInterest { get; init; }

    /// <summary>Exposure bias in EV.</summary>
    public ConstrainDouble? ExposureCompensation { get; init; }

    /// <summary>Exposure time in units of 100 µs.</summary>
    public ConstrainDouble? ExposureTime { get; init; }

    /// <summary>Colour temperature in kelvin (manual white balance).</summary>
    public ConstrainDouble? ColorTemperature { get; init; }

    /// <summary>ISO sensitivity.</summary>
    public ConstrainDouble? Iso { get; init; }

    /// <summary>Brightness (UVC-style; larger is brighter).</summary>
    public ConstrainDouble? Brightness { get; init; }

    /// <summary>Contrast (UVC-style).</summary>
    public ConstrainDouble? Contrast { get; init; }

    /// <summary>Saturation (UVC-style).</summary>
    public ConstrainDouble? Saturation { get; init; }

    /// <summary>Sharpness (UVC-style; the minimum means no sharpening).</summary>
    public ConstrainDouble? Sharpness { get; init; }

    /// <summary>Distance to the point of focus, usually in metres.</summary>
    public ConstrainDouble? FocusDistance { get; init; }

    /// <summary>Pan in arc-seconds, or a boolean asking for pan support.</summary>
    public ConstrainDoubleOrBoolean? Pan { get; init; }

    /// <summary>Tilt in arc-seconds, or a boolean asking for tilt support.</summary>
    public ConstrainDoubleOrBoolean? Tilt { get; init; }

    /// <summary>Zoom as a focal-length ratio, or a boolean asking for zoom support.</summary>
    public ConstrainDoubleOrBoolean? Zoom { get; init; }

    /// <summary>Whether the fill light stays on.</summary>
    public ConstrainBoolean? Torch { get; init; }

    /// <summary>Whether the platform blurs the background.</summary>
    public ConstrainBoolean? BackgroundBlur { get; init; }
}
