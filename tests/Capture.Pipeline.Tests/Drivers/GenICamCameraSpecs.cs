using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Drivers.GenICam;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>Machine-vision cameras through Aravis (<c>source = genicam</c>), against the GigE Vision camera of Debian's aravis-tools on 127.0.0.x.</summary>
[Collection(FakeGigECamera.Collection)]
public sealed class GenICamCameraSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_GigE_camera_should_show_its_features_as_W3C_capabilities_and_deliver_grey_frames_as_constrained()
    {
        using var camera = FakeGigECamera.Start();
        await using var devices = new MediaDevices(new GenICamDriver(new CameraDescriptor("gige-1", "GigE camera"), FakeGigECamera.FirstAddress));
        var track = await NetworkCameras.OpenAsync(devices);

        var capabilities = track.GetCapabilities();
        Assert.True(capabilities.Width!.Max >= 1024, $"width up to {capabilities.Width.Max}");
        Assert.NotNull(capabilities.FrameRate);
        Assert.Contains("manual", capabilities.ExposureMode!.Value);
        Assert.True(capabilities.ExposureTime!.Max > capabilities.ExposureTime.Min);

        // Applied to the camera and read back from it; exposureTime in the W3C's 100 µs units.
        await track.ApplyConstraintsAsync(new MediaTrackConstraints { Width = 640, Height = 480, FrameRate = 20, ExposureTime = 50 });
        var settings = track.GetSettings();
        Assert.Equal((640, 480, 20.0, 50.0), (settings.Width, settings.Height, settings.FrameRate, settings.ExposureTime));

        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        var frames = new List<VideoFrameInfo>();
        while (frames.Count < 30)
        {
            using var frame = await reader.Readable.ReadAsync();
            if (frame.Width == 640)
            {
                frames.Add(frame.Info);
            }
        }

        Assert.All(frames, f => Assert.Equal((VideoPixelFormat.Gray8, 640, 480, 640), (f.Format, f.Width, f.Height, f.Stride)));
        Assert.All(frames.Zip(frames.Skip(1)), p => Assert.Equal(p.First.Sequence + 1, p.Second.Sequence)); // the device's frame ids, no gap
        double interval = (frames[^1].DeviceTimestamp!.Value - frames[0].DeviceTimestamp!.Value).TotalSeconds / (frames.Count - 1);
        Assert.InRange(interval, 0.9 / 20, 1.1 / 20); // the device's clock: 20 frames a second
        Assert.Equal(0, track.Stats.DiscardedFrames);

        var photo = await new ImageCapture(track).TakePhotoAsync();
        Assert.Equal((640, 480), JpegInfo.Read(photo.Bytes.Span));
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_GigE_camera_that_stops_answering_should_end_its_track_and_open_again_once_it_is_back()
    {
        using var camera = FakeGigECamera.Start();
        await using var devices = new MediaDevices(new GenICamDriver(new CameraDescriptor("gige-2", "GigE camera"), FakeGigECamera.FirstAddress));
        var track = await NetworkCameras.OpenAsync(devices);
        using (var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8))
        {
            using var first = await reader.Readable.ReadAsync();
        }

        camera.Kill();
        await Eventually.UntilAsync(() => track.ReadyState == MediaStreamTrackState.Ended, "the track ended after the camera died", TimeSpan.FromSeconds(20));

        camera.Restart();
        var again = await NetworkCameras.OpenAsync(devices);
        using var frames = new MediaStreamTrackProcessor(again, maxBufferSize: 8);
        using var frame = await frames.Readable.ReadAsync();
        Assert.Equal(VideoPixelFormat.Gray8, frame.Format);
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_feature_written_through_the_API_should_be_written_again_after_the_service_restarts()
    {
        string root = Directory.CreateTempSubdirectory("genicam-state-").FullName;
        var journal = new StateSettings(StateJournal.Sqlite, Path.Combine(root, "state.db"), TimeSpan.FromSeconds(3));
        StateJournalConfig.Prepare(journal);
        using var fake = FakeGigECamera.Start();
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cameras.gige { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", width = 320, height = 240, frame-rate = 10, features { GainRaw = 3 } }
            """));
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(StateJournalConfig.For(journal)).WithFallback(CaptureHostingExtensions.ActorSystemDefaults);

        using (var first = ActorSystem.Create("genicam-state", config))
        {
            var camera = new CaptureRig(first.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10)).Camera("gige");
            await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);
            Assert.Equal("7", await camera.SetFeatureAsync("GainRaw", "7"));
            await first.Terminate(); // no rig shutdown, as by a SIGKILL: what was written before the reply counts
        }

        fake.Kill();
        fake.Restart(); // the camera forgets: a power cycle
        using var second = ActorSystem.Create("genicam-state", config);
        var again = new CaptureRig(second.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10)).Camera("gige");
        await again.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);

        Assert.Equal("7", await again.GetFeatureAsync("GainRaw")); // the API's value, over the file's 3
        await second.Terminate();
        Directory.Delete(root, recursive: true);
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_GigE_camera_in_the_rig_should_record_its_grey_frames_and_come_back_with_its_constraints_and_features_after_an_outage()
    {
        string recordings = Directory.CreateTempSubdirectory("genicam-").FullName;
        using var fake = FakeGigECamera.Start();
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.recording.path = "{{recordings}}"
            capture.cameras.gige { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", width = 320, height = 240, frame-rate = 10, sinks = [ video ], features { GainRaw = 3 } }
            capture.supervision { min-backoff = 200ms, max-backoff = 1s }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("gige");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);
        await camera.ApplyConstraintsAsync(new MediaTrackConstraints { ExposureTime = 30 });
        Assert.Equal("3", await camera.GetFeatureAsync("GainRaw")); // from the file
        Assert.Equal("7", await camera.SetFeatureAsync("GainRaw", "7")); // by its GenICam name, read back
        Assert.Equal(MediaErrorNames.NotFoundError, (await Assert.ThrowsAsync<MediaException>(() => camera.GetFeatureAsync("NoSuchFeature"))).Name);
        Assert.Equal(MediaErrorNames.NotSupportedError, (await Assert.ThrowsAsync<MediaException>(() => camera.SetFeatureAsync("GainRaw", "loud"))).Name);

        fake.Kill();
        var lost = await camera.WaitForStatusAsync(s => s.Health is CameraHealth.Reconnecting or CameraHealth.Failed);
        fake.Restart();
        var back = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);

        Assert.NotNull(lost.LastError);
        Assert.Equal(1, back.GapsLastHour);
        Assert.Null(back.PipelineError);
        var again = await camera.GetSettingsAsync();
        Assert.Equal((320, 30.0), (again.Width, again.ExposureTime)); // re-applied to the camera that came back
        Assert.Equal("7", await camera.GetFeatureAsync("GainRaw")); // and the feature written through the API
        await rig.ShutdownAsync();
        Assert.NotEmpty(Directory.GetFiles(recordings, "*.avi", SearchOption.AllDirectories)); // grey JPEG in MJPEG AVI
        Directory.Delete(recordings, recursive: true);
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_GigE_camera_in_software_trigger_mode_should_expose_one_frame_per_trigger_and_never_count_as_stalled()
    {
        using var fake = FakeGigECamera.Start();
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cameras {
              gige { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", width = 320, height = 240, trigger { mode = software } }
              free { width = 160, height = 120 }
            }
            capture.health { min-stall-timeout = 100ms, check-interval = 20ms }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("gige");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);

        var triggers = new List<RigFrames>();
        for (int i = 0; i < 5; i++)
        {
            triggers.Add(await rig.TriggerAsync(["gige", "free"]));
            await Task.Delay(250); // frames further apart than the stall timeout: a triggered camera waits, it does not stall
        }

        Assert.All(triggers, t => Assert.Equal(MediaErrorNames.NotSupportedError, Assert.Single(t.Failed).Name)); // the synthetic camera has no trigger
        var frames = triggers.Select(t => Assert.Single(t.Frames)).ToList();
        Assert.All(frames.Zip(frames.Skip(1)), p => Assert.Equal(p.First.Sequence + 1, p.Second.Sequence));
        Assert.All(frames, f => Assert.True(f.ArrivedAt >= f.FiredAt && f.ArrivedAt - f.FiredAt < TimeSpan.FromSeconds(1), $"fired {f.FiredAt:O}, arrived {f.ArrivedAt:O}"));
        var status = await camera.GetStatusAsync();
        Assert.Equal((5L, 0, CameraHealth.Healthy), (status.FramesDelivered, status.StallsLastHour, status.Health)); // one frame per trigger, none between
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_Mono16_camera_should_record_lossless_16_bit_PNG_and_narrow_to_8_bits_only_for_JPEG()
    {
        string recordings = Directory.CreateTempSubdirectory("genicam16-").FullName;
        using var fake = FakeGigECamera.Start();
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.recording.path = "{{recordings}}"
            capture.cameras.gige16 { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", pixel-format = mono16, width = 320, height = 240, frame-rate = 10, pipeline = [ { encode = png } ], sinks = [ images ] }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("gige16");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);

        var grabbed = await camera.GrabFrameAsync("image/png");
        var photo = await camera.TakePhotoAsync();
        await rig.ShutdownAsync();
        var pngs = Directory.GetFiles(recordings, "*.png", SearchOption.AllDirectories);

        Assert.NotEmpty(pngs);
        foreach (var png in pngs.Take(3).Select(File.ReadAllBytes).Append(grabbed.Bytes))
        {
            // IHDR: 320 × 240, bit depth 16, greyscale; and a decoder reads it whole.
            Assert.Equal((320, 240, 16, 0), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), (int)png[24], (int)png[25]));
            using var decoded = SkiaSharp.SKBitmap.Decode(png);
            Assert.Equal((320, 240), (decoded.Width, decoded.Height));
        }

        Assert.Equal((320, 240), JpegInfo.Read(photo.Bytes.Span)); // the photo: 8 bits, the high byte of each sample
        Directory.Delete(recordings, recursive: true);
    }

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_Bayer_camera_should_record_its_raw_mosaic_losslessly_and_demosaic_only_where_colour_is_needed()
    {
        string recordings = Directory.CreateTempSubdirectory("genicam-bayer-").FullName;
        using var fake = FakeGigECamera.Start();
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.recording.path = "{{recordings}}"
            capture.cameras {
              raw { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", pixel-format = bayer-rg8, width = 320, height = 240, frame-rate = 10, pipeline = [ { encode = png } ], sinks = [ images ] }
            }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("raw");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);

        var photo = await camera.TakePhotoAsync();
        var stages = await camera.GetPipelineAsync();
        await rig.ShutdownAsync();
        var png = File.ReadAllBytes(Directory.GetFiles(recordings, "*.png", SearchOption.AllDirectories)[0]);

        // The recording: the mosaic as it left the camera, one 8-bit sample a pixel (IHDR: 320 × 240, depth 8, greyscale).
        Assert.Equal((320, 240, 8, 0), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), (int)png[24], (int)png[25]));
        Assert.DoesNotContain(stages, s => s.Stage == "decode"); // no stage needed colour
        // The photo: demosaiced, a colour JPEG (three components in its frame header).
        Assert.Equal((320, 240), JpegInfo.Read(photo.Bytes.Span));
        Assert.Equal(3, JpegComponents(photo.Bytes.Span));
        Directory.Delete(recordings, recursive: true);
    }

    /// <summary>The component count in a baseline JPEG's frame header (SOF0): 1 for grey, 3 for colour.</summary>
    private static int JpegComponents(ReadOnlySpan<byte> jpeg) => jpeg[jpeg.IndexOf([(byte)0xFF, (byte)0xC0]) + 9];

    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task Lost_GigE_packets_should_be_counted_and_never_passed_on_as_a_picture()
    {
        using var camera = FakeGigECamera.Start(lossPerThousand: 20); // more than Aravis's packet resends recover on some frames
        await using var devices = new MediaDevices(new GenICamDriver(new CameraDescriptor("gige-lossy", "Lossy GigE camera"), FakeGigECamera.FirstAddress));
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        int whole = 0, broken = 0;
        using var reading = new CancellationTokenSource();
        var drain = Task.Run(async () =>
        {
            while (!reading.IsCancellationRequested)
            {
                using var frame = await reader.Readable.ReadAsync(reading.Token);
                _ = frame.Length == frame.Info.ExpectedLength ? Interlocked.Increment(ref whole) : Interlocked.Increment(ref broken);
            }
        });

        await Eventually.UntilAsync(() => track.Stats is { DiscardedFrames: > 0, DeliveredFrames: > 5 }, "frames delivered and frames discarded", TimeSpan.FromSeconds(30));
        await reading.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);

        Output?.WriteLine($"{track.Stats}; read {whole} whole, {broken} broken");
        Assert.True(whole > 0);
        Assert.Equal(0, broken); // a buffer with packets missing is counted, never passed on
    }
}
