using Capture.Core.Media;

namespace Capture.Drivers.V4L2;

/// <summary>Maps a V4L2 device's controls to W3C capabilities and settings, and W3C settings back to control writes.</summary>
/// <remarks>
/// As Chromium's Linux ImageCapture does: zoom, pan and tilt to the *_ABSOLUTE controls (pan/tilt in arc-seconds,
/// as in the W3C), focusMode/focusDistance to FOCUS_AUTO/FOCUS_ABSOLUTE, exposureMode/exposureTime/
/// exposureCompensation to EXPOSURE_AUTO/EXPOSURE_ABSOLUTE (100 µs, as in the W3C)/AUTO_EXPOSURE_BIAS (0.001 EV),
/// whiteBalanceMode/colorTemperature to AUTO_WHITE_BALANCE/WHITE_BALANCE_TEMPERATURE, and brightness, contrast,
/// saturation, sharpness directly. Only controls whose range holds more than one value are exposed. Beyond Chromium:
/// <see cref="Units"/> says what each number means, writes respect the auto/manual interlocks (modes first; a manual
/// value only while its mode is manual), every write is read back, and refused writes are reported.
/// </remarks>
public sealed class V4L2ControlMapping
{
    private static readonly Numeric[] s_numbers =
    [
        new("brightness", V4L2ControlIds.Brightness, 1, null, "driver units", (s, v) => s with { Brightness = v }, s => s.Brightness),
        new("contrast", V4L2ControlIds.Contrast, 1, null, "driver units", (s, v) => s with { Contrast = v }, s => s.Contrast),
        new("saturation", V4L2ControlIds.Saturation, 1, null, "driver units", (s, v) => s with { Saturation = v }, s => s.Saturation),
        new("sharpness", V4L2ControlIds.Sharpness, 1, null, "driver units", (s, v) => s with { Sharpness = v }, s => s.Sharpness),
        new("colorTemperature", V4L2ControlIds.WhiteBalanceTemperature, 1, "whiteBalanceMode", "K", (s, v) => s with { ColorTemperature = v }, s => s.ColorTemperature),
        new("exposureTime", V4L2ControlIds.ExposureAbsolute, 1, "exposureMode", "100 µs", (s, v) => s with { ExposureTime = v }, s => s.ExposureTime),
        new("exposureCompensation", V4L2ControlIds.AutoExposureBias, 0.001, null, "EV", (s, v) => s with { ExposureCompensation = v }, s => s.ExposureCompensation),
        new("focusDistance", V4L2ControlIds.FocusAbsolute, 1, "focusMode", "driver units (FOCUS_ABSOLUTE), not metres", (s, v) => s with { FocusDistance = v }, s => s.FocusDistance),
        new("pan", V4L2ControlIds.PanAbsolute, 1, null, "arc-second", (s, v) => s with { Pan = v }, s => s.Pan),
        new("tilt", V4L2ControlIds.TiltAbsolute, 1, null, "arc-second", (s, v) => s with { Tilt = v }, s => s.Tilt),
        new("zoom", V4L2ControlIds.ZoomAbsolute, 1, null, "driver units (ZOOM_ABSOLUTE)", (s, v) => s with { Zoom = v }, s => s.Zoom),
    ];

    private readonly Dictionary<uint, V4L2Control> _controls;

    private V4L2ControlMapping(IReadOnlyList<V4L2Control> controls)
    {
        _controls = controls.Where(c => c.IsAdjustable).ToDictionary(c => c.Id);
        Capabilities = BuildCapabilities();
        Units = s_numbers.Where(n => _controls.ContainsKey(n.Id)).ToDictionary(n => n.Name, n => n.Unit);
    }

    /// <summary>The W3C capabilities the controls give.</summary>
    public MediaTrackCapabilities Capabilities { get; }

    /// <summary>What the numbers of each exposed numeric property mean.</summary>
    public IReadOnlyDictionary<string, string> Units { get; }

    /// <summary>Builds the mapping for a device's controls.</summary>
    public static V4L2ControlMapping For(IReadOnlyList<V4L2Control> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        return new V4L2ControlMapping(controls);
    }

    /// <summary>The W3C settings the device has now.</summary>
    public MediaTrackSettings Read(IV4L2Controls device, MediaTrackSettings? into = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var settings = into ?? new MediaTrackSettings();
        foreach (var number in s_numbers.Where(n => _controls.ContainsKey(n.Id)))
        {
            settings = number.With(settings, device.Get(number.Id) * number.Scale);
        }

        foreach (var mode in Modes())
        {
            settings = mode.With(settings, mode.FromControl(device.Get(mode.Id)));
        }

        return settings;
    }

    /// <summary>Moves the device to <paramref name="desired"/>: modes first, then values (a manual value only while its mode is manual), then reads everything back.</summary>
    public V4L2ApplyResult Apply(MediaTrackSettings desired, IV4L2Controls device)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(device);
        var current = Read(device);
        var failures = new List<V4L2ControlFailure>();
        var modes = new Dictionary<string, string?>();
        foreach (var mode in Modes())
        {
            string? wanted = mode.Of(desired);
            if (wanted is not null && wanted != mode.Of(current) && mode.ToControl(wanted) is { } value)
            {
                Write(device, mode.Name, mode.Id, value, failures);
            }

            modes[mode.Name] = mode.FromControl(device.Get(mode.Id));
        }

        foreach (var number in s_numbers.Where(n => _controls.ContainsKey(n.Id)))
        {
            if (number.Of(desired) is not { } wanted || wanted == number.Of(current))
            {
                continue;
            }

            int value = (int)Math.Round(wanted / number.Scale);
            if (number.GovernedBy is { } governor && modes.GetValueOrDefault(governor) is { } mode && mode != "manual")
            {
                failures.Add(new V4L2ControlFailure(number.Name, number.Id, value, $"{number.Name} applies only while {governor} is manual (it is {mode})"));
                continue;
            }

            Write(device, number.Name, number.Id, value, failures);
        }

        return new V4L2ApplyResult(Read(device, desired), failures);
    }

    private static void Write(IV4L2Controls device, string property, uint id, int value, List<V4L2ControlFailure> failures)
    {
        try
        {
            device.Set(id, value);
        }
        catch (IOException e)
        {
            failures.Add(new V4L2ControlFailure(property, id, value, e.Message));
        }
    }

    private IEnumerable<Mode> Modes()
    {
        if (_controls.TryGetValue(V4L2ControlIds.ExposureAuto, out var exposure))
        {
            // EXPOSURE_AUTO: 1 is manual; 0 (auto), 2 (shutter priority) and 3 (aperture priority) all keep adjusting.
            bool hasManual = exposure.Menu.IsEmpty || exposure.Menu.ContainsKey(1);
            int automatic = exposure.Menu.ContainsKey(3) || exposure.Menu.IsEmpty ? 3 : exposure.Menu.Keys.First(k => k != 1);
            yield return new Mode("exposureMode", exposure.Id, hasManual ? ["manual", "continuous"] : ["continuous"], v => v == 1 ? "manual" : "continuous", m => m == "manual" ? 1 : automatic, s => s.ExposureMode, (s, m) => s with { ExposureMode = m });
        }

        if (_controls.TryGetValue(V4L2ControlIds.FocusAuto, out var focus))
        {
            yield return new Mode("focusMode", focus.Id, ["manual", "continuous"], v => v == 0 ? "manual" : "continuous", m => m == "manual" ? 0 : 1, s => s.FocusMode, (s, m) => s with { FocusMode = m });
        }

        if (_controls.TryGetValue(V4L2ControlIds.AutoWhiteBalance, out var whiteBalance))
        {
            yield return new Mode("whiteBalanceMode", whiteBalance.Id, ["manual", "continuous"], v => v == 0 ? "manual" : "continuous", m => m == "manual" ? 0 : 1, s => s.WhiteBalanceMode, (s, m) => s with { WhiteBalanceMode = m });
        }
    }

    private MediaTrackCapabilities BuildCapabilities()
    {
        var capabilities = new MediaTrackCapabilities();
        foreach (var number in s_numbers)
        {
            if (_controls.TryGetValue(number.Id, out var control))
            {
                capabilities = number.WithRange(capabilities, new MediaSettingsRange(control.Minimum * number.Scale, control.Maximum * number.Scale, Math.Max(1, control.Step) * number.Scale));
            }
        }

        foreach (var mode in Modes())
        {
            capabilities = mode.Name switch
            {
                "exposureMode" => capabilities with { ExposureMode = [.. mode.Values] },
                "focusMode" => capabilities with { FocusMode = [.. mode.Values] },
                _ => capabilities with { WhiteBalanceMode = [.. mode.Values] },
            };
        }

        return capabilities;
    }

    private sealed record Numeric(string Name, uint Id, double Scale, string? GovernedBy, string Unit, Func<MediaTrackSettings, double?, MediaTrackSettings> With, Func<MediaTrackSettings, double?> Of)
    {
        public MediaTrackCapabilities WithRange(MediaTrackCapabilities c, MediaSettingsRange range) => Name switch
        {
            "brightness" => c with { Brightness = range },
            "contrast" => c with { Contrast = range },
            "saturation" => c with { Saturation = range },
            "sharpness" => c with { Sharpness = range },
            "colorTemperature" => c with { ColorTemperature = range },
            "exposureTime" => c with { ExposureTime = range },
            "exposureCompensation" => c with { ExposureCompensation = range },
            "focusDistance" => c with { FocusDistance = range },
            "pan" => c with { Pan = range },
            "tilt" => c with { Tilt = range },
            _ => c with { Zoom = range },
        };
    }

    private sealed record Mode(string Name, uint Id, string[] Values, Func<int, string> FromControl, Func<string, int?> ToControl, Func<MediaTrackSettings, string?> Of, Func<MediaTrackSettings, string?, MediaTrackSettings> With);
}

/// <summary>The outcome of <see cref="V4L2ControlMapping.Apply"/>: the settings read back, and each write the device refused.</summary>
public sealed record V4L2ApplyResult(MediaTrackSettings Settings, IReadOnlyList<V4L2ControlFailure> Failures);
