using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;

namespace Capture.Core.Tests.Media;

/// <summary>Device listing and selection by GetUserMedia (spec notes §1.5, §2.3; pinned decision 16).</summary>
public sealed class MediaDevicesSpecs
{
    [Fact]
    public async Task EnumerateDevices_should_list_every_camera_as_videoinput()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, count: 3);

        var devices = await rig.Devices.EnumerateDevicesAsync();

        Assert.Equal(["cam-1", "cam-2", "cam-3"], devices.Select(d => d.DeviceId));
        Assert.All(devices, d => Assert.Equal("videoinput", d.Kind));
    }

    [Fact]
    public void Devices_should_refuse_two_cameras_with_one_id() =>
        Assert.Throws<ArgumentException>(() => new MediaDevices(new SyntheticCameraDriver("a"), new SyntheticCameraDriver("a")));

    [Fact]
    public async Task GetUserMedia_should_select_by_device_id()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, count: 3);

        var stream = await rig.Devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { DeviceId = new ConstrainString { Exact = "cam-2" } } });

        Assert.Equal("cam-2", stream.GetVideoTracks()[0].GetSettings().DeviceId);
        Assert.Empty(stream.GetAudioTracks());
        Assert.True(stream.Active);
    }

    [Fact]
    public async Task GetUserMedia_should_pick_the_camera_that_fits_best()
    {
        await using var rig = CameraFixture.Create(null, new SyntheticCameraDriver("webcam", Profiles.Webcam), new SyntheticCameraDriver("hd", Profiles.Small));

        var wide = await rig.Devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { Width = new ConstrainDouble { Min = 1280 } } });
        var user = await rig.Devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { FacingMode = "user" } });

        Assert.Equal("hd", wide.GetVideoTracks()[0].GetSettings().DeviceId);
        Assert.Equal(1280, wide.GetVideoTracks()[0].GetSettings().Width);
        Assert.Equal("webcam", user.GetVideoTracks()[0].GetSettings().DeviceId);
    }

    [Fact]
    public async Task GetUserMedia_should_fail_with_OverconstrainedError_when_no_camera_fits()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, count: 2);

        var error = await Assert.ThrowsAsync<OverconstrainedException>(() =>
            rig.Devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { Width = new ConstrainDouble { Exact = 7680 } } }));

        Assert.Equal("width", error.Constraint);
    }

    [Theory]
    [InlineData("""{"video":{"zoom":{"exact":2}}}""")]
    [InlineData("""{"video":{"pan":{"min":0}}}""")]
    [InlineData("""{"video":{"torch":{"exact":true}}}""")]
    [InlineData("""{"video":false}""")]
    [InlineData("""{}""")]
    public async Task GetUserMedia_should_raise_an_argument_error_before_opening_anything(string json)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var constraints = System.Text.Json.JsonSerializer.Deserialize<MediaStreamConstraints>(json, Capture.Core.Json.MediaJson.Options)!;

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Devices.GetUserMediaAsync(constraints));

        Assert.Equal(0, rig.Camera.FramesProduced);
    }

    [Fact]
    public async Task GetUserMedia_should_accept_image_capture_ideals_and_advanced_sets()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);

        var track = await rig.OpenTrackAsync(new() { Zoom = 2, Advanced = [new() { Torch = true }] });

        Assert.Equal((2.0, true), (track.GetSettings().Zoom, track.GetSettings().Torch));
    }

    [Fact]
    public async Task GetUserMedia_should_fail_with_NotFoundError_without_cameras_or_for_audio()
    {
        await using var none = new MediaDevices();
        await using var rig = CameraFixture.Create(Profiles.Small);

        var noCamera = await Assert.ThrowsAsync<MediaException>(() => none.GetUserMediaAsync(new() { Video = true }));
        var noMicrophone = await Assert.ThrowsAsync<MediaException>(() => rig.Devices.GetUserMediaAsync(new() { Video = true, Audio = true }));

        Assert.Equal(MediaErrorNames.NotFoundError, noCamera.Name);
        Assert.Equal(MediaErrorNames.NotFoundError, noMicrophone.Name);
    }

    [Fact]
    public async Task GetUserMedia_should_fail_with_NotReadableError_when_the_camera_cannot_open()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        rig.Camera.Faults = new SyntheticFaults { FailOpens = 1 };

        var error = await Assert.ThrowsAsync<MediaException>(() => rig.Devices.GetUserMediaAsync(new() { Video = true }));
        var track = await rig.OpenTrackAsync();

        Assert.Equal(MediaErrorNames.NotReadableError, error.Name);
        Assert.Equal(MediaStreamTrackState.Live, track.ReadyState);
    }

    [Fact]
    public async Task OnRequest_permission_should_expose_pan_tilt_zoom_only_to_tracks_that_asked()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, new MediaDevicesOptions { PanTiltZoom = PanTiltZoomPermission.OnRequest });

        var plain = await rig.OpenTrackAsync();
        var asked = await rig.OpenTrackAsync(new() { Pan = true });

        Assert.Null(plain.GetCapabilities().Pan);
        Assert.Null(plain.GetSettings().Zoom);
        Assert.NotNull(asked.GetCapabilities().Pan);
        Assert.Equal(1, asked.GetSettings().Zoom);
    }

    [Fact]
    public void Supported_constraints_should_list_every_property_in_the_pinned_order()
    {
        Assert.True(MediaDevices.GetSupportedConstraints().PointsOfInterest);
        Assert.Equal("whiteBalanceMode", MediaTrackSupportedConstraints.Names[0]);
        Assert.Equal("groupId", MediaTrackSupportedConstraints.Names[^1]);
        Assert.Equal(26, MediaTrackSupportedConstraints.Names.Count);
    }

    [Fact]
    public void Default_profile_should_exercise_every_capability()
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(CameraProfile.Default.Capabilities, Capture.Core.Json.MediaJson.Options);
        var missing = MediaTrackSupportedConstraints.Names.Except(["pointsOfInterest", "deviceId", "groupId"]).Where(n => !json.TryGetProperty(n, out _));

        Assert.Empty(missing);
        Assert.True(CameraProfile.Default.SupportsPointsOfInterest);
    }
}
