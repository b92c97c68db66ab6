using Capture.Core.Media;
using Capture.Drivers.Tests.Infrastructure;
using Capture.Drivers.V4L2;

namespace Capture.Drivers.Tests.V4L2;

/// <summary>The V4L2 → W3C mapping on control tables recorded from real cameras.</summary>
public sealed class V4L2ControlMappingSpecs
{
    [Fact]
    public void A_PTZ_camera_should_expose_pan_tilt_zoom_in_W3C_units_and_no_focus()
    {
        var caps = Mapping("ptz-camera", out _).Capabilities;

        Assert.Equal(new MediaSettingsRange(-201600, 201600, 3600), caps.Pan);
        Assert.Equal(new MediaSettingsRange(-201600, 201600, 3600), caps.Tilt);
        Assert.Equal(new MediaSettingsRange(0, 10, 1), caps.Zoom);
        Assert.Null(caps.FocusMode);
        Assert.Null(caps.FocusDistance);
        Assert.Equal(new MediaSettingsRange(5, 20000, 1), caps.ExposureTime);
        Assert.Equal(["manual", "continuous"], caps.WhiteBalanceMode!.Value.ToArray());
    }

    [Fact]
    public void A_manual_focus_camera_should_expose_focus_and_no_PTZ()
    {
        var mapping = Mapping("manual-focus-camera", out var device);
        var settings = mapping.Read(device);

        Assert.Equal(["manual", "continuous"], mapping.Capabilities.FocusMode!.Value.ToArray());
        Assert.Equal(new MediaSettingsRange(0, 1023, 1), mapping.Capabilities.FocusDistance);
        Assert.Null(mapping.Capabilities.Pan);
        Assert.Null(mapping.Capabilities.Zoom);
        Assert.Equal(("continuous", "continuous", 292.0), (settings.FocusMode, settings.ExposureMode, settings.FocusDistance));
        Assert.Equal("driver units (FOCUS_ABSOLUTE), not metres", mapping.Units["focusDistance"]);
    }

    [Fact]
    public void A_plain_camera_should_expose_neither_focus_nor_PTZ()
    {
        var caps = Mapping("plain-camera", out _).Capabilities;

        Assert.Null(caps.FocusMode);
        Assert.Null(caps.Pan);
        Assert.Null(caps.Zoom);
        Assert.Equal(new MediaSettingsRange(-64, 64, 1), caps.Brightness);
        Assert.Equal(["manual", "continuous"], caps.ExposureMode!.Value.ToArray());
    }

    [Fact]
    public void Manual_values_should_be_written_after_switching_their_mode_to_manual_and_read_back()
    {
        var mapping = Mapping("manual-focus-camera", out var device);
        var desired = mapping.Read(device) with { FocusMode = "manual", FocusDistance = 500, ExposureMode = "manual", ExposureTime = 100, WhiteBalanceMode = "manual", ColorTemperature = 3200 };

        var result = mapping.Apply(desired, device);

        Assert.Empty(result.Failures);
        Assert.Equal(("manual", 500.0, "manual", 100.0, 3200.0), (result.Settings.FocusMode, result.Settings.FocusDistance, result.Settings.ExposureMode, result.Settings.ExposureTime, result.Settings.ColorTemperature));
        int modeWrite = device.Writes.FindIndex(w => w.Id == V4L2ControlIds.FocusAuto);
        int valueWrite = device.Writes.FindIndex(w => w.Id == V4L2ControlIds.FocusAbsolute);
        Assert.True(modeWrite < valueWrite, "the mode is switched before the manual value is written");
    }

    [Fact]
    public void A_manual_value_while_its_mode_stays_auto_should_be_reported_not_hidden()
    {
        var mapping = Mapping("plain-camera", out var device);
        var desired = mapping.Read(device) with { ExposureTime = 500 };

        var result = mapping.Apply(desired, device);

        var failure = Assert.Single(result.Failures);
        Assert.Equal("exposureTime", failure.Property);
        Assert.Contains("exposureMode is manual", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(166, result.Settings.ExposureTime);
    }

    [Fact]
    public void Read_back_should_report_what_the_hardware_kept()
    {
        var mapping = Mapping("ptz-camera", out var device);

        var result = mapping.Apply(mapping.Read(device) with { Pan = 10000, Brightness = 40 }, device);

        Assert.Equal(7200, result.Settings.Pan);
        Assert.Equal(40, result.Settings.Brightness);
    }

    [Fact]
    public void The_mapped_capabilities_should_work_with_the_constraints_algorithm()
    {
        var mapping = Mapping("ptz-camera", out var device);
        var profile = new Capture.Core.Drivers.CameraProfile { Capabilities = mapping.Capabilities, Settings = mapping.Read(device) };

        Assert.NotNull(profile.Capabilities.Pan);
        Assert.Equal(0, profile.Settings.Zoom);
        Assert.Equal("arc-second", mapping.Units["pan"]);
    }

    private static V4L2ControlMapping Mapping(string camera, out RecordedV4L2Controls device)
    {
        var table = V4L2ControlTable.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "V4L2", "Recorded", $"{camera}.txt")));
        device = new RecordedV4L2Controls(table);
        return V4L2ControlMapping.For(table);
    }
}
