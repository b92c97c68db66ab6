using System.Collections.Immutable;

namespace Capture.Core.Media;

/// <summary>What a video track's source can do (W3C <c>MediaTrackCapabilities</c> with the Image Capture members).</summary>
/// <remarks>An absent member means the source does not support that property.</remarks>
public sealed record MediaTrackCapabilities
{
    /// <summary>Supported frame widths.</summary>
    public MediaSettingsRange? Width { get; init; }

    /// <summary>Supported frame heights.</summary>
    public MediaSettingsRange? Height { get; init; }

    /// <summary>Supported width/height ratios.</summary>
    public MediaSettingsRange? AspectRatio { get; init; }

    /// <summary>Supported frame rates.</summary>
    public MediaSettingsRange? FrameRate { get; init; }

    /// <summary>Facing modes the camera has.</summary>
    public ImmutableArray<string>? FacingMode { get; init; }

    /// <summary>Resize modes offered.</summary>
    public ImmutableArray<string>? ResizeMode { get; init; }

    /// <summary>The device's id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device's group id.</summary>
    public string? GroupId { get; init; }

    /// <summary>Supported white-balance modes.</summary>
    public ImmutableArray<string>? WhiteBalanceMode { get; init; }

    /// <summary>Supported exposure modes.</summary>
    public ImmutableArray<string>? ExposureMode { get; init; }

    /// <summary>Supported focus modes.</summary>
    public ImmutableArray<string>? FocusMode { get; init; }

    /// <summary>Exposure bias range (EV).</summary>
    public MediaSettingsRange? ExposureCompensation { get; init; }

    /// <summary>Exposure time range (100 µs units).</summary>
    public MediaSettingsRange? ExposureTime { get; init; }

    /// <summary>Colour temperature range (K).</summary>
    public MediaSettingsRange? ColorTemperature { get; init; }

    /// <summary>ISO range.</summary>
    public MediaSettingsRange? Iso { get; init; }

    /// <summary>Brightness range.</summary>
    public MediaSettingsRange? Brightness { get; init; }

    /// <summary>Contrast range.</summary>
    public MediaSettingsRange? Contrast { get; init; }

    /// <summary>Saturation range.</summary>
    public MediaSettingsRange? Saturation { get; init; }

    /// <summary>Sharpness range.</summary>
    public MediaSettingsRange? Sharpness { get; init; }

    /// <summary>Focus distance range.</summary>
    public MediaSettingsRange? FocusDistance { get; init; }

    /// <summary>Pan range (arc-seconds).</summary>
    public MediaSettingsRange? Pan { get; init; }

    /// <summary>Tilt range (arc-seconds).</summary>
    public MediaSettingsRange? Tilt { get; init; }

    /// <summary>Zoom range (ratio).</summary>
    public MediaSettingsRange? Zoom { get; init; }

    /// <summary>Torch values reachable: <c>[false]</c> cannot turn on, <c>[true, false]</c> is controllable.</summary>
    public ImmutableArray<bool>? Torch { get; init; }

    /// <summary>Background-blur values reachable.</summary>
    public ImmutableArray<bool>? BackgroundBlur { get; init; }
}
