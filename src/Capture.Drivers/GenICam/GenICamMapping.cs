using System.Collections.Immutable;
using Capture.Core.Media;

namespace Capture.Drivers.GenICam;

/// <summary>
/// GenICam features as W3C capabilities and settings, where they mean the same thing:
/// <list type="table">
/// <listheader><term>W3C</term><description>GenICam (first one the camera has)</description></listheader>
/// <item><term>width, height</term><description><c>Width</c>, <c>Height</c> (the region of interest, in its increments)</description></item>
/// <item><term>frameRate</term><description><c>AcquisitionFrameRate</c>, <c>AcquisitionFrameRateAbs</c> (Hz)</description></item>
/// <item><term>exposureTime</term><description><c>ExposureTime</c>, <c>ExposureTimeAbs</c> (µs; the W3C's unit is 100 µs)</description></item>
/// <item><term>exposureMode</term><description><c>ExposureAuto</c>: Off = manual, Once = single-shot, Continuous = continuous; manual only without it</description></item>
/// <item><term>whiteBalanceMode</term><description><c>BalanceWhiteAuto</c>, the same three values; absent without it (a mono camera)</description></item>
/// </list>
/// Every write is followed by a read-back: the settings answered are what the camera kept.
/// </summary>
internal sealed class GenICamMapping
{
    private const double MicrosecondsPerW3CUnit = 100;

    private static readonly string[] s_frameRates = ["AcquisitionFrameRate", "AcquisitionFrameRateAbs"];
    private static readonly string[] s_exposureTimes = ["ExposureTime", "ExposureTimeAbs"];
    private static readonly (string W3C, string GenICam)[] s_autoModes = [("manual", "Off"), ("single-shot", "Once"), ("continuous", "Continuous")];

    private readonly IGenICamFeatures _camera;
    private readonly string? _frameRate;
    private readonly string? _exposureTime;
    private readonly bool _exposureAuto;
    private readonly bool _whiteBalanceAuto;
    private readonly (long Min, long Max, long Step) _width;
    private readonly (long Min, long Max, long Step) _height;

    private GenICamMapping(IGenICamFeatures camera, string deviceId)
    {
        _camera = camera;
        _frameRate = s_frameRates.FirstOrDefault(camera.Has);
        _exposureTime = s_exposureTimes.FirstOrDefault(camera.Has);
        _exposureAuto = camera.Has("ExposureAuto");
        _whiteBalanceAuto = camera.Has("BalanceWhiteAuto");
        _width = camera.IntegerRange("Width");
        _height = camera.IntegerRange("Height");
        ImmutableArray<string> Modes(string feature) => [.. s_autoModes.Where(m => camera.Choices(feature).Contains(m.GenICam)).Select(m => m.W3C)];
        Capabilities = new MediaTrackCapabilities
        {
            DeviceId = deviceId,
            Width = new MediaSettingsRange(_width.Min, _width.Max, _width.Step),
            Height = new MediaSettingsRange(_height.Min, _height.Max, _height.Step),
            AspectRatio = new MediaSettingsRange(Math.Round((double)_width.Min / _height.Max, 10), Math.Round((double)_width.Max / _height.Min, 10)),
            FrameRate = _frameRate is { } rate ? Range(camera.FloatRange(rate)) : null,
            ExposureMode = _exposureAuto ? Modes("ExposureAuto") : ["manual"],
            WhiteBalanceMode = _whiteBalanceAuto ? Modes("BalanceWhiteAuto") : null,
            ExposureTime = _exposureTime is { } exposure ? Range(camera.FloatRange(exposure), MicrosecondsPerW3CUnit) : null,
            ResizeMode = ["none"],
        };
    }

    /// <summary>What the camera can do, in W3C terms.</summary>
    public MediaTrackCapabilities Capabilities { get; }

    /// <summary>Reads the camera's features and keeps which ones carry each W3C property.</summary>
    public static GenICamMapping For(IGenICamFeatures camera, string deviceId) => new(camera, deviceId);

    /// <summary>Whether going from <paramref name="current"/> to <paramref name="wanted"/> changes the frame size (the stream must stop for that).</summary>
    public static bool Resizes(MediaTrackSettings current, MediaTrackSettings wanted) =>
        (wanted.Width is { } w && w != current.Width) || (wanted.Height is { } h && h != current.Height);

    /// <summary>The camera's current settings.</summary>
    public MediaTrackSettings Read()
    {
        int width = (int)_camera.GetInteger("Width"), height = (int)_camera.GetInteger("Height");
        return new MediaTrackSettings
        {
            DeviceId = Capabilities.DeviceId,
            Width = width,
            Height = height,
            AspectRatio = Math.Round((double)width / height, 10),
            FrameRate = _frameRate is { } rate ? _camera.GetFloat(rate) : null,
            ExposureMode = _exposureAuto ? AutoMode("ExposureAuto") : "manual",
            WhiteBalanceMode = _whiteBalanceAuto ? AutoMode("BalanceWhiteAuto") : null,
            ExposureTime = _exposureTime is { } exposure ? Math.Round(_camera.GetFloat(exposure) / MicrosecondsPerW3CUnit, 6) : null,
            ResizeMode = "none",
        };
    }

    /// <summary>Writes what differs between <paramref name="current"/> and <paramref name="wanted"/>, then reads the camera back.</summary>
    /// <exception cref="IOException">The camera refused a value (named).</exception>
    public MediaTrackSettings Apply(MediaTrackSettings current, MediaTrackSettings wanted)
    {
        if (wanted.Width is { } width && width != current.Width)
        {
            _camera.SetInteger("Width", Snap(width, _width));
        }

        if (wanted.Height is { } height && height != current.Height)
        {
            _camera.SetInteger("Height", Snap(height, _height));
        }

        if (_frameRate is { } rate && wanted.FrameRate is { } frameRate && frameRate != current.FrameRate)
        {
            _camera.SetFloat(rate, frameRate);
        }

        if (_exposureAuto)
        {
            WriteAutoMode("ExposureAuto", current.ExposureMode, wanted.ExposureMode);
        }

        if (_whiteBalanceAuto)
        {
            WriteAutoMode("BalanceWhiteAuto", current.WhiteBalanceMode, wanted.WhiteBalanceMode);
        }

        // A manual exposure time only: in the automatic modes the camera chooses it.
        if (_exposureTime is { } exposure && wanted.ExposureTime is { } time && time != current.ExposureTime && (wanted.ExposureMode ?? current.ExposureMode) == "manual")
        {
            _camera.SetFloat(exposure, time * MicrosecondsPerW3CUnit);
        }

        return Read();
    }

    private string AutoMode(string feature) => s_autoModes.FirstOrDefault(m => m.GenICam == _camera.GetString(feature)).W3C ?? "manual";

    private void WriteAutoMode(string feature, string? current, string? wanted)
    {
        if (wanted is not null && wanted != current && s_autoModes.FirstOrDefault(m => m.W3C == wanted).GenICam is { } auto)
        {
            _camera.SetString(feature, auto);
        }
    }

    private static MediaSettingsRange Range((double Min, double Max) range, double unit = 1) =>
        new(Math.Round(range.Min / unit, 6), Math.Round(range.Max / unit, 6));

    private static long Snap(double value, (long Min, long Max, long Step) range) =>
        Math.Clamp(range.Min + ((long)Math.Round((value - range.Min) / range.Step) * range.Step), range.Min, range.Max);
}
