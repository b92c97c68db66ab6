using Capture.Core.Drivers.Synthetic;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;
using SkiaSharp;

namespace Capture.Core.Tests.Imaging;

/// <summary>ImageCapture's methods and every error they raise (spec notes §1.1, §1.8; pinned decisions 1, 3–8).</summary>
public sealed class ImageCaptureSpecs
{
    [Fact]
    public void Constructor_should_reject_null_and_audio_tracks()
    {
        Assert.Throws<ArgumentNullException>(() => new ImageCapture(null!));
        var error = Assert.Throws<MediaException>(() => new ImageCapture(MediaStreamTrack.CreateAudio("mic")));

        Assert.Equal(MediaErrorNames.NotSupportedError, error.Name);
    }

    [Fact]
    public async Task Constructor_should_keep_the_very_track_and_accept_an_ended_one()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        track.Stop();

        var capture = new ImageCapture(track);

        Assert.Same(track, capture.Track);
    }

    [Fact]
    public async Task Every_method_should_fail_with_InvalidStateError_through_its_task_when_the_track_ended()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var capture = new ImageCapture(track);
        track.Stop();

        Task[] calls = [capture.TakePhotoAsync(), capture.GrabFrameAsync(), capture.GetPhotoCapabilitiesAsync(), capture.GetPhotoSettingsAsync()];

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<MediaException>(() => call);
            Assert.Equal(MediaErrorNames.InvalidStateError, error.Name);
        }
    }

    [Fact]
    public async Task TakePhoto_should_return_a_jpeg_of_the_requested_size()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var photo = await capture.TakePhotoAsync(new PhotoSettings { ImageWidth = 800, ImageHeight = 600 });

        Assert.Equal("image/jpeg", photo.Type);
        Assert.Equal((800, 600), SizeOf(photo));
    }

    [Fact]
    public async Task TakePhoto_should_keep_the_video_aspect_ratio_when_one_side_is_given_and_persist_settings()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var photo = await capture.TakePhotoAsync(new PhotoSettings { ImageWidth = 640, FillLightMode = FillLightMode.Flash });
        var settings = await capture.GetPhotoSettingsAsync();

        Assert.Equal((640, 480), SizeOf(photo));
        Assert.Equal(new PhotoSettings { ImageWidth = 640, ImageHeight = 480, FillLightMode = FillLightMode.Flash, RedEyeReduction = false }, settings);
    }

    [Fact]
    public async Task TakePhoto_should_snap_sizes_off_the_step_grid()
    {
        var profile = Profiles.Small with
        {
            PhotoCapabilities = Profiles.Small.PhotoCapabilities! with { ImageWidth = new MediaSettingsRange(320, 1920, 16), ImageHeight = new MediaSettingsRange(240, 1080, 8) },
        };
        await using var rig = CameraFixture.Create(profile);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var photo = await capture.TakePhotoAsync(new PhotoSettings { ImageWidth = 1000, ImageHeight = 601 });

        Assert.Equal((1008, 600), SizeOf(photo));
    }

    [Theory]
    [InlineData(5000d, null, null, "imageWidth")]
    [InlineData(null, 100d, null, "imageHeight")]
    [InlineData(null, null, FillLightMode.Flash, "fillLightMode")]
    public async Task TakePhoto_should_reject_settings_outside_the_capabilities_naming_the_member(double? width, double? height, FillLightMode? flash, string member)
    {
        var profile = Profiles.Small with { PhotoCapabilities = Profiles.Small.PhotoCapabilities! with { FillLightMode = [FillLightMode.Off] } };
        await using var rig = CameraFixture.Create(profile);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var error = await Assert.ThrowsAsync<MediaException>(() => capture.TakePhotoAsync(new PhotoSettings { ImageWidth = width, ImageHeight = height, FillLightMode = flash }));

        Assert.Equal(MediaErrorNames.NotSupportedError, error.Name);
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakePhoto_should_reject_red_eye_reduction_that_is_not_controllable()
    {
        var profile = Profiles.Small with { PhotoCapabilities = Profiles.Small.PhotoCapabilities! with { RedEyeReduction = RedEyeReduction.Never } };
        await using var rig = CameraFixture.Create(profile);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var error = await Assert.ThrowsAsync<MediaException>(() => capture.TakePhotoAsync(new PhotoSettings { RedEyeReduction = false }));

        Assert.Equal(MediaErrorNames.NotSupportedError, error.Name);
        Assert.Contains("redEyeReduction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakePhoto_should_fail_with_UnknownError_on_a_camera_without_photo_support()
    {
        await using var rig = CameraFixture.Create(Profiles.Webcam);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var error = await Assert.ThrowsAsync<MediaException>(() => capture.TakePhotoAsync());

        Assert.Equal(MediaErrorNames.UnknownError, error.Name);
    }

    [Fact]
    public async Task TakePhoto_should_fail_with_UnknownError_when_the_device_fails_and_then_recover()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());
        rig.Camera.Faults = new SyntheticFaults { FailPhotos = 1 };

        var error = await Assert.ThrowsAsync<MediaException>(() => capture.TakePhotoAsync());
        var photo = await capture.TakePhotoAsync();

        Assert.Equal(MediaErrorNames.UnknownError, error.Name);
        Assert.True(photo.Size > 0);
    }

    [Fact]
    public async Task TakePhoto_calls_should_all_complete_in_call_order_with_their_own_photo()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());
        var calls = Enumerable.Range(0, 6).Select(i => capture.TakePhotoAsync(new PhotoSettings { ImageWidth = 320 + (16 * i), ImageHeight = 240 })).ToArray();

        // In call order: whenever a photo has completed, every earlier one had completed before it.
        var earlierDone = await Task.WhenAll(calls.Select((call, i) => call.ContinueWith(_ => calls.Take(i).All(c => c.IsCompleted), TaskScheduler.Default)));
        var photos = await Task.WhenAll(calls);

        Assert.All(earlierDone, Assert.True);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => 320 + (16 * i)), photos.Select(p => SizeOf(p).Width));
    }

    [Fact]
    public async Task TakePhoto_should_proceed_on_a_disabled_track()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        track.Enabled = false;

        var photo = await new ImageCapture(track).TakePhotoAsync();

        Assert.True(photo.Size > 0);
    }

    [Fact]
    public async Task Calls_in_flight_should_fail_with_OperationError_when_the_track_ends()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var capture = new ImageCapture(track);

        var photo = capture.TakePhotoAsync(new PhotoSettings { ImageWidth = 3840, ImageHeight = 2160 });
        var capabilities = capture.GetPhotoCapabilitiesAsync();
        var settings = capture.GetPhotoSettingsAsync();
        var frame = capture.GrabFrameAsync();
        track.Stop();

        foreach (var call in new Task[] { photo, capabilities, settings, frame })
        {
            var error = await Assert.ThrowsAsync<MediaException>(() => call);
            Assert.Equal(MediaErrorNames.OperationError, error.Name);
        }
    }

    [Fact]
    public async Task GetPhotoCapabilities_should_report_the_profile()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var capabilities = await capture.GetPhotoCapabilitiesAsync();

        Assert.Equal(RedEyeReduction.Controllable, capabilities.RedEyeReduction);
        Assert.Equal(new MediaSettingsRange(320, 3840, 1), capabilities.ImageWidth);
        Assert.Equal([FillLightMode.Auto, FillLightMode.Off, FillLightMode.Flash], capabilities.FillLightMode!.Value.ToArray());
    }

    [Fact]
    public async Task GrabFrame_should_return_the_next_frame_at_the_track_size()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync(new() { Width = 400, Height = 300 });

        using var frame = await new ImageCapture(track).GrabFrameAsync();

        Assert.Equal((400, 300), (frame.Width, frame.Height));
        Assert.Equal("cam-1", frame.CameraId);
    }

    [Fact]
    public async Task Overlapping_grabs_should_resolve_with_successive_frames()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var frames = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => capture.GrabFrameAsync()));
        var sequences = frames.Select(f => f.Sequence).ToArray();
        foreach (var frame in frames)
        {
            frame.Dispose();
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(4, sequences.Distinct().Count());
    }

    [Fact]
    public async Task GrabFrame_should_fail_with_InvalidStateError_on_a_disabled_track()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        track.Enabled = false;

        var error = await Assert.ThrowsAsync<MediaException>(() => new ImageCapture(track).GrabFrameAsync());

        Assert.Equal(MediaErrorNames.InvalidStateError, error.Name);
    }

    [Fact]
    public async Task GrabFrame_should_fail_with_UnknownError_when_no_frame_comes_in_time()
    {
        await using var rig = CameraFixture.Create(Profiles.Small, new MediaDevicesOptions { GrabFrameTimeout = TimeSpan.FromMilliseconds(300) });
        var track = await rig.OpenTrackAsync();
        rig.Camera.Faults = new SyntheticFaults { StallAfterFrames = 0, StallDuration = Timeout.InfiniteTimeSpan };
        await WaitUntil(() => track.Muted);

        var error = await Assert.ThrowsAsync<MediaException>(() => new ImageCapture(track).GrabFrameAsync());

        Assert.Equal(MediaErrorNames.UnknownError, error.Name);
    }

    internal static (int Width, int Height) SizeOf(Photo photo)
    {
        using var codec = SKCodec.Create(new MemoryStream(photo.Bytes.ToArray()));
        Assert.NotNull(codec);
        return (codec.Info.Width, codec.Info.Height);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
