namespace Capture.Core.Media.Internal;

/// <summary>Every constrainable property, in the order failures are reported (pinned decision 9).</summary>
internal static class ConstrainableProperties
{
    public static readonly NumberProperty Width = new("width", c => c.Width, k => k.Width, s => s.Width, (s, v) => s with { Width = ToInt(v) }) { IsImageCapture = false };

    public static readonly NumberProperty Height = new("height", c => c.Height, k => k.Height, s => s.Height, (s, v) => s with { Height = ToInt(v) }) { IsImageCapture = false };

    public static readonly NumberProperty AspectRatio = new("aspectRatio", c => c.AspectRatio, k => k.AspectRatio, s => s.AspectRatio, (s, v) => s with { AspectRatio = v }) { IsImageCapture = false };

    public static IReadOnlyList<ConstrainableProperty> All { get; } =
    [
        new TextProperty("whiteBalanceMode", c => c.WhiteBalanceMode, k => k.WhiteBalanceMode, s => s.WhiteBalanceMode, (s, v) => s with { WhiteBalanceMode = v }),
        new TextProperty("exposureMode", c => c.ExposureMode, k => k.ExposureMode, s => s.ExposureMode, (s, v) => s with { ExposureMode = v }),
        new TextProperty("focusMode", c => c.FocusMode, k => k.FocusMode, s => s.FocusMode, (s, v) => s with { FocusMode = v }),
        new PointsOfInterestProperty(),
        new NumberProperty("exposureCompensation", c => c.ExposureCompensation, k => k.ExposureCompensation, s => s.ExposureCompensation, (s, v) => s with { ExposureCompensation = v }),
        new NumberProperty("exposureTime", c => c.ExposureTime, k => k.ExposureTime, s => s.ExposureTime, (s, v) => s with { ExposureTime = v }),
        new NumberProperty("colorTemperature", c => c.ColorTemperature, k => k.ColorTemperature, s => s.ColorTemperature, (s, v) => s with { ColorTemperature = v }),
        new NumberProperty("iso", c => c.Iso, k => k.Iso, s => s.Iso, (s, v) => s with { Iso = v }),
        new NumberProperty("brightness", c => c.Brightness, k => k.Brightness, s => s.Brightness, (s, v) => s with { Brightness = v }),
        new NumberProperty("contrast", c => c.Contrast, k => k.Contrast, s => s.Contrast, (s, v) => s with { Contrast = v }),
        new NumberProperty("saturation", c => c.Saturation, k => k.Saturation, s => s.Saturation, (s, v) => s with { Saturation = v }),
        new NumberProperty("sharpness", c => c.Sharpness, k => k.Sharpness, s => s.Sharpness, (s, v) => s with { Sharpness = v }),
        new NumberProperty("focusDistance", c => c.FocusDistance, k => k.FocusDistance, s => s.FocusDistance, (s, v) => s with { FocusDistance = v }),
        new PanTiltZoomProperty("pan", c => c.Pan, k => k.Pan, s => s.Pan, (s, v) => s with { Pan = v }),
        new PanTiltZoomProperty("tilt", c => c.Tilt, k => k.Tilt, s => s.Tilt, (s, v) => s with { Tilt = v }),
        new PanTiltZoomProperty("zoom", c => c.Zoom, k => k.Zoom, s => s.Zoom, (s, v) => s with { Zoom = v }),
        new BooleanProperty("torch", c => c.Torch, k => k.Torch, s => s.Torch, (s, v) => s with { Torch = v }),
        new BooleanProperty("backgroundBlur", c => c.BackgroundBlur, k => k.BackgroundBlur, s => s.BackgroundBlur, (s, v) => s with { BackgroundBlur = v }),
        Width,
        Height,
        AspectRatio,
        new NumberProperty("frameRate", c => c.FrameRate, k => k.FrameRate, s => s.FrameRate, (s, v) => s with { FrameRate = v }) { IsImageCapture = false },
        new TextProperty("facingMode", c => c.FacingMode, k => k.FacingMode, s => s.FacingMode, (s, v) => s with { FacingMode = v }) { IsImageCapture = false },
        new TextProperty("resizeMode", c => c.ResizeMode, k => k.ResizeMode, s => s.ResizeMode, (s, v) => s with { ResizeMode = v }) { IsImageCapture = false },
        new TextProperty("deviceId", c => c.DeviceId, k => k.DeviceId is { } id ? [id] : null, s => s.DeviceId, (s, v) => s with { DeviceId = v }) { IsImageCapture = false },
        new TextProperty("groupId", c => c.GroupId, k => k.GroupId is { } id ? [id] : null, s => s.GroupId, (s, v) => s with { GroupId = v }) { IsImageCapture = false },
    ];

    /// <summary>The names of pan, tilt and zoom, which need the camera's PTZ permission.</summary>
    public static IReadOnlySet<string> PanTiltZoom { get; } = new HashSet<string>(["pan", "tilt", "zoom"]);

    private static int? ToInt(double? value) => value is { } v ? (int)Math.Round(v) : null;
}
