using System.Text.Json;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;

namespace Capture.Core.Tests.Media;

/// <summary>Details where the spec and a real browser's answers were checked against ours.</summary>
public sealed class BrowserParitySpecs
{
    [Theory]
    [InlineData(2.55, 2.6)]
    [InlineData(1.15, 1.2)]
    [InlineData(3.45, 3.5)]
    [InlineData(2.54, 2.5)]
    public async Task An_exact_halfway_value_on_a_decimal_step_should_go_up(double exact, double expected)
    {
        await using var rig = CameraFixture.Create();
        var track = await rig.OpenTrackAsync();

        await track.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = exact } });

        Assert.Equal(0.1, track.GetCapabilities().Zoom!.Step);
        Assert.Equal(expected, track.GetSettings().Zoom);
    }

    [Fact]
    public async Task One_dimension_in_an_advanced_set_should_keep_the_aspect_ratio()
    {
        await using var rig = CameraFixture.Create();
        var track = await rig.OpenTrackAsync(new() { Width = 640, Height = 480 });

        await track.ApplyConstraintsAsync(new() { Advanced = [new() { Width = 320 }] });
        var byWidth = track.GetSettings();
        await track.ApplyConstraintsAsync(new() { Advanced = [new() { Height = 360 }] });
        var byHeight = track.GetSettings();

        Assert.Equal((320, 240), (byWidth.Width, byWidth.Height));
        Assert.Equal((480, 360), (byHeight.Width, byHeight.Height));
    }

    [Theory]
    [InlineData("""{"fillLightMode":1}""")]
    [InlineData("""{"fillLightMode":"strobe"}""")]
    [InlineData("""{"redEyeReduction":"never"}""")]
    public void An_enum_as_a_number_or_an_unknown_string_should_be_a_TypeError(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<PhotoSettings>(json, MediaJson.Options));

    [Fact]
    public async Task An_undefined_FillLightMode_should_be_an_argument_error_not_NotSupportedError()
    {
        await using var rig = CameraFixture.Create();
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        await Assert.ThrowsAsync<ArgumentException>(() => capture.TakePhotoAsync(new PhotoSettings { FillLightMode = (FillLightMode)7 }));
    }

    [Fact]
    public async Task A_silent_audio_track_should_be_available_and_refused_by_ImageCapture_with_NotSupportedError()
    {
        await using var rig = CameraFixture.Create(options: new MediaDevicesOptions { SilentAudio = true });

        var stream = await rig.Devices.GetUserMediaAsync(new MediaStreamConstraints { Audio = true });
        var audio = Assert.Single(stream.GetAudioTracks());
        var error = Assert.Throws<MediaException>(() => new ImageCapture(audio));

        Assert.Equal(MediaStreamTrack.AudioKind, audio.Kind);
        Assert.Equal(MediaErrorNames.NotSupportedError, error.Name);
        Assert.Empty(stream.GetVideoTracks());
    }
}
