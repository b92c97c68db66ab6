using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Pipeline.Cameras;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Sinks;

/// <summary>IP cameras recorded as they send: the camera's H.264/H.265 in MP4 segments, against gst-rtsp-server on 127.0.0.1.</summary>
public sealed class CompressedRecordingSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compressed-recordings-").FullName;

    [ToolTheory("ffmpeg", "ffprobe", "gst-rtsp-server")]
    [InlineData("rtsp")]
    [InlineData("ffmpeg")]
    public Task An_H264_camera_should_be_recorded_in_its_own_codec_in_keyframe_aligned_MP4_segments(string source) => RecordsInItsOwnCodecAsync(source, "h264", "h264");

    [ToolTheory("ffmpeg", "ffprobe", "gst-rtsp-server")]
    [InlineData("rtsp")]
    [InlineData("ffmpeg")]
    public Task An_H265_camera_should_be_recorded_in_its_own_codec_in_keyframe_aligned_MP4_segments(string source) => RecordsInItsOwnCodecAsync(source, "h265", "hevc");

    [ToolTheory("ffmpeg", "ffprobe", "gst-rtsp-server")]
    [InlineData("rtsp")]
    [InlineData("ffmpeg")]
    public async Task An_outage_should_start_a_new_segment(string source)
    {
        using var server = RtspServer.Start("320x240", 15);
        var camera = StartCamera(source, server.Url, "10m");
        await camera.WaitForStatusAsync(s => s.FramesDelivered > 30);

        server.Kill();
        await camera.WaitForStatusAsync(s => s.Health is CameraHealth.Reconnecting or CameraHealth.Failed);
        server.Restart();
        long before = (await camera.GetStatusAsync()).FramesDelivered;
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > before + 30);
        await camera.StopAsync();

        // The stop closes the last segment as the pipeline drains; on a loaded machine that can trail the reply.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.GetFiles(_root, "*.part", SearchOption.AllDirectories).Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        var segments = Segments();
        Assert.True(segments.Length == 2, $"segments: {string.Join(", ", Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName))}");
        Assert.All(segments, segment => Assert.True(Ffprobe.OpensWithKeyframe(segment), $"{segment} does not open with a keyframe"));
        Assert.All(segments, Ffprobe.AssertPlays);
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task A_JPEG_camera_with_an_overlay_should_decode_first_and_drop_nothing()
    {
        using var server = FfmpegServer.Start("320x240", 15);
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.recording.path = "{{_root}}"
            capture.cameras.ip-cam { source = mjpeg, url = "{{server.Url}}", frame-rate = 15, pipeline = [ overlay ], sinks = [ video ] }
            """));
        var camera = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10)).Camera("ip-cam");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<Camera.StageReport> stages;
        while ((stages = await camera.GetPipelineAsync()).FirstOrDefault(s => s.Stage == "sink:video") is not { FramesOut: > 30 })
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), "the recording never got 30 frames");
            await Task.Delay(100);
        }

        await camera.StopAsync();

        Assert.Equal(["source", "decode", "overlay", "encode", "sink:video", "fan-out"], stages.Select(s => s.Stage));
        var overlay = stages.Single(s => s.Stage == "overlay");
        Assert.True(overlay.FramesOut > 20, $"overlay passed {overlay.FramesOut}");
        Assert.Empty(overlay.Dropped);
        Assert.Empty(stages.Single(s => s.Stage == "decode").Dropped);
        Assert.Single(Directory.GetFiles(_root, "*.avi", SearchOption.AllDirectories));
    }

    [ToolTheory("ffmpeg", "gst-rtsp-server")]
    [InlineData("rtsp")]
    [InlineData("ffmpeg")]
    public async Task A_5_fps_decode_stage_should_give_pixels_at_5_fps_from_an_H264_camera_counting_the_rest_as_decimated(string source)
    {
        using var server = RtspServer.Start("320x240", 15);
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.recording.path = "{{_root}}"
            capture.cameras.ip-cam { source = {{source}}, url = "{{server.Url}}", frame-rate = 15, read-timeout = 5s, pipeline = [ { decode { frame-rate = 5 } }, overlay ], sinks = [ images ] }
            """));
        var camera = settings.Cameras[0];
        await using var devices = new MediaDevices(CameraDrivers.Create(camera));
        var track = (await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true })).GetVideoTracks()[0];
        await using var pipeline = PipelineFactory.Start(camera, settings.Recording)!;
        pipeline.Attach(track);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (pipeline.Metrics[0].FramesIn < 90)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), "the camera delivered too little");
            await Task.Delay(100);
        }

        Assert.True(await pipeline.StopAsync(TimeSpan.FromSeconds(10)));
        track.Stop();

        Assert.Equal(["source", "decode", "overlay", "encode", "sink:images", "fan-out"], pipeline.Metrics.Select(s => s.Stage));
        var decode = pipeline.Metrics.Single(s => s.Stage == "decode");
        double ratio = (double)decode.FramesOut / decode.FramesIn;
        Assert.InRange(ratio, 0.25, 0.42); // 5 of 15 a second
        Assert.Equal(decode.FramesIn, decode.FramesOut + decode.Dropped(DropReason.Decimated));
        Assert.Equal(0, decode.Errors);
        var images = Directory.GetFiles(_root, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(decode.FramesOut, images.Length);
        using var image = SkiaSharp.SKBitmap.Decode(images[^1]);
        Assert.Equal((320, 240), (image.Width, image.Height));
    }

    public new void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        base.Dispose();
    }

    private async Task RecordsInItsOwnCodecAsync(string sourceKind, string codec, string probed)
    {
        using var server = RtspServer.Start("320x240", 15, codec);
        // The pipeline without the actor, so that its counters can be read after it drained.
        var settings = Settings(sourceKind, server.Url, "2s");
        var camera = settings.Cameras[0];
        await using var devices = new MediaDevices(CameraDrivers.Create(camera));
        var track = (await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true })).GetVideoTracks()[0];
        await using var pipeline = PipelineFactory.Start(camera, settings.Recording)!;
        pipeline.Attach(track);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40)))
        {
            while (pipeline.Metrics[0].FramesIn < 100)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        Assert.True(await pipeline.StopAsync(TimeSpan.FromSeconds(10)));
        track.Stop();

        var segments = Segments();
        Assert.True(segments.Length >= 3, $"{segments.Length} segments");
        Assert.Empty(Directory.GetFiles(_root, "*.part", SearchOption.AllDirectories));
        Assert.All(segments, segment => Assert.Equal(probed, Ffprobe.Codec(segment)));
        Assert.All(segments, segment => Assert.True(Ffprobe.OpensWithKeyframe(segment), $"{segment} does not open with a keyframe"));
        Assert.All(segments, Ffprobe.AssertPlays);
        var source = pipeline.Metrics.Single(s => s.Stage == "source");
        long beforeFirstKeyframe = source.Dropped(DropReason.Decimated);
        long written = pipeline.Metrics.Single(s => s.Stage == "sink:video").FramesOut;
        long inFiles = segments.Sum(Ffprobe.Packets);
        Assert.Equal(written, inFiles);
        Assert.InRange(beforeFirstKeyframe, 0, 15); // at most one group of pictures, where the pipeline joined the stream
        Assert.InRange(inFiles, (source.FramesIn - beforeFirstKeyframe) * 0.99, source.FramesIn - beforeFirstKeyframe);
        Assert.Equal(["source", "sink:video", "fan-out"], pipeline.Metrics.Select(s => s.Stage)); // no decode, no encode
    }

    private CameraRef StartCamera(string source, string url, string segment) =>
        new CaptureRig(Sys.ActorOf(Rig.Props(Settings(source, url, segment))), TimeSpan.FromSeconds(10)).Camera("ip-cam");

    private CaptureSettings Settings(string source, string url, string segment) => CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
        capture.recording.path = "{{_root}}"
        capture.supervision { min-backoff = 200ms, max-backoff = 1s }
        capture.cameras.ip-cam { source = {{source}}, url = "{{url}}", frame-rate = 15, read-timeout = 5s, sinks = [ { video { segment = {{segment}} } } ] }
        """));

    private string[] Segments() => [.. Directory.GetFiles(_root, "*.mp4", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
