namespace Capture.Drivers.V4L2;

/// <summary>The V4L2 control ids the W3C properties map to (linux/v4l2-controls.h).</summary>
public static class V4L2ControlIds
{
    /// <summary>V4L2_CID_BRIGHTNESS.</summary>
    public const uint Brightness = 0x00980900;

    /// <summary>V4L2_CID_CONTRAST.</summary>
    public const uint Contrast = 0x00980901;

    /// <summary>V4L2_CID_SATURATION.</summary>
    public const uint Saturation = 0x00980902;

    /// <summary>V4L2_CID_AUTO_WHITE_BALANCE (bool).</summary>
    public const uint AutoWhiteBalance = 0x0098090c;

    /// <summary>V4L2_CID_WHITE_BALANCE_TEMPERATURE (kelvin).</summary>
    public const uint WhiteBalanceTemperature = 0x0098091a;

    /// <summary>V4L2_CID_SHARPNESS.</summary>
    public const uint Sharpness = 0x0098091b;

    /// <summary>V4L2_CID_EXPOSURE_AUTO (menu: 0 auto, 1 manual, 2 shutter priority, 3 aperture priority).</summary>
    public const uint ExposureAuto = 0x009a0901;

    /// <summary>V4L2_CID_EXPOSURE_ABSOLUTE (units of 100 µs, as the W3C exposureTime).</summary>
    public const uint ExposureAbsolute = 0x009a0902;

    /// <summary>V4L2_CID_PAN_ABSOLUTE (arc-seconds, as the W3C pan).</summary>
    public const uint PanAbsolute = 0x009a0908;

    /// <summary>V4L2_CID_TILT_ABSOLUTE (arc-seconds, as the W3C tilt).</summary>
    public const uint TiltAbsolute = 0x009a0909;

    /// <summary>V4L2_CID_FOCUS_ABSOLUTE (driver units).</summary>
    public const uint FocusAbsolute = 0x009a090a;

    /// <summary>V4L2_CID_FOCUS_AUTO (bool).</summary>
    public const uint FocusAuto = 0x009a090c;

    /// <summary>V4L2_CID_ZOOM_ABSOLUTE (driver units).</summary>
    public const uint ZoomAbsolute = 0x009a090d;

    /// <summary>V4L2_CID_AUTO_EXPOSURE_BIAS (0.001 EV).</summary>
    public const uint AutoExposureBias = 0x009a0913;
}
