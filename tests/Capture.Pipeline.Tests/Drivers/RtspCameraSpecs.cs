using System.Diagnostics;
using System.Net;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Drivers.Rtsp;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>RTSP cameras played by our own client (<c>source = rtsp</c>), against gst-rtsp-server on 127.0.0.1: no child process, the camera's own access units, every failure a camera has.</summary>
public sealed class RtspCameraSpecs
{
    [ToolTheory("ffmpeg", "gst-rtsp-server")]
    [InlineData("h264", VideoPixelFormat.H264, "avc1.")]
    [InlineData("h265", VideoPixelFormat.H265, "hev1.")]
    public async Task An_RTSP_camera_should_deliver_its_own_access_units_with_no_child_process(string codec, VideoPixelFormat format, string codecString)
    {
        using var server = RtspServer.Start("320x240", 15, codec);
        var driver = new RtspDriver(new CameraDescriptor("rtsp-cam", "RTSP camera"), server.Url, frameRate: 15);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);

        int frames = 0, keyframes = 0;
        TimeSpan? first = null, last = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal((format, 320, 240), (frame.Format, frame.Width, frame.Height));
            Assert.StartsWith(codecString, frame.Info.Stream!.Codec, StringComparison.Ordinal);
            keyframes += frame.Info.IsKeyFrame ? 1 : 0;
            first ??= frame.Info.DeviceTimestamp;
            last = frame.Info.DeviceTimestamp;
            frames++;
        }

        Assert.Empty(NetworkCameras.FfmpegReaders());
        Assert.Null(driver.ThroughFfmpeg);
        // Every access unit arrives: the camera's own clock advances one 15 fps interval per frame.
        Assert.InRange((last!.Value - first!.Value).TotalSeconds / (frames - 1), 0.99 / 15, 1.01 / 15);
        Assert.InRange(keyframes, 2, 4); // one a second
        Assert.Equal(0, track.Stats.DiscardedFrames);
        var capture = new ImageCapture(track);
        var photo = await capture.TakePhotoAsync();
        Assert.Equal((320, 240), JpegInfo.Read(photo.Bytes.Span));
        using var grabbed = await capture.GrabFrameAsync();
        Assert.Equal((VideoPixelFormat.Bgra32, 320, 240), (grabbed.Format, grabbed.Width, grabbed.Height));
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task Other_clients_joining_a_shared_server_should_leave_the_camera_with_our_client_and_its_times_increasing()
    {
        using var server = RtspServer.Start("320x240", 15);
        var driver = new RtspDriver(new CameraDescriptor("shared-cam", "Shared camera"), server.Url, frameRate: 15);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);

        // gst-rtsp-server rebases a shared stream's clock for each client that joins.
        var joining = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo(Tools.Find("ffmpeg")!, ["-v", "quiet", "-rtsp_transport", "tcp", "-i", server.Url, "-t", "2", "-c", "copy", "-f", "null", "-"]))!).ToList();
        long last = -1;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(4) || joining.Any(p => !p.HasExited))
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.True(frame.Info.DecodeTime > last, $"decode time {frame.Info.DecodeTime} after {last}");
            last = frame.Info.DecodeTime;
        }

        joining.ForEach(p => p.Dispose());
        Assert.Null(driver.ThroughFfmpeg);
        Assert.Empty(NetworkCameras.FfmpegReaders());
    }

    [ToolTheory("gst-rtsp-server")]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task A_camera_asking_for_a_password_should_be_answered_with_Basic_or_Digest_from_the_URL_or_the_settings(bool digest, bool inUrl)
    {
        const string Password = "p@ss:w/rd'!";
        using var server = RtspServer.Start("320x240", 15, auth: $"admin:{Password}", digest: digest);
        string url = inUrl ? server.Url.Replace("rtsp://", $"rtsp://admin:{Password}@", StringComparison.Ordinal) : server.Url; // raw, as operators write it
        var driver = new RtspDriver(new CameraDescriptor("locked", "Locked camera"), url, 15, credentials: inUrl ? null : new NetworkCredential("admin", Password));
        await using var devices = new MediaDevices(driver);

        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8);
        using var frame = await reader.Readable.ReadAsync();

        Assert.Equal(VideoPixelFormat.H264, frame.Format);
        Assert.Null(driver.ThroughFfmpeg);
    }

    [ToolFact("gst-rtsp-server")]
    public async Task A_wrong_password_should_fail_the_open_saying_so_without_the_password()
    {
        using var server = RtspServer.Start("320x240", 15, auth: "admin:right", digest: true);
        await using var driver = new RtspDriver(new CameraDescriptor("locked", "Locked camera"), server.Url.Replace("rtsp://", "rtsp://admin:wr0ng@", StringComparison.Ordinal), 15);

        var error = await Assert.ThrowsAsync<IOException>(() => OpenWithRetriesAsync(driver));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("check the username and password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wr0ng", error.Message, StringComparison.Ordinal);
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task A_camera_this_client_does_not_play_should_be_read_through_ffmpeg_and_say_why()
    {
        using var server = RtspServer.Start("320x240", 15, "vp8");
        var driver = new RtspDriver(new CameraDescriptor("vp8-cam", "VP8 over RTP"), server.Url, 15);
        await using var devices = new MediaDevices(driver);

        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8);
        using var frame = await reader.Readable.ReadAsync();

        Assert.Equal(VideoPixelFormat.Jpeg, frame.Format);
        Assert.Equal((320, 240), JpegInfo.Read(frame.Data));
        Assert.Contains("VP8, not H.264 or H.265", driver.ThroughFfmpeg, StringComparison.Ordinal); // and ffmpeg transcodes it, as source = ffmpeg would
        Assert.NotEmpty(NetworkCameras.FfmpegReaders());
    }

    [ToolFact("gst-rtsp-server")]
    public async Task A_camera_that_hangs_should_fault_within_its_read_timeout_and_one_that_goes_away_at_once()
    {
        using var server = RtspServer.Start("320x240", 15);
        await using var driver = new RtspDriver(new CameraDescriptor("hung-cam", "Hung camera"), server.Url, 15, readTimeout: TimeSpan.FromSeconds(3));
        var hung = new FaultObserver();
        await OpenWithRetriesAsync(driver, hung);
        await hung.Frames.Task.WaitAsync(TimeSpan.FromSeconds(30));

        server.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var fault = await hung.Fault.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Contains("no frame within 3 s", fault.Message, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 8);
        }
        finally
        {
            server.Resume();
        }

        var gone = new FaultObserver();
        await OpenWithRetriesAsync(driver, gone);
        await gone.Frames.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var killed = Stopwatch.StartNew();
        server.Kill();
        var closed = await gone.Fault.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("closed the stream", closed.Message, StringComparison.Ordinal);
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(2), $"noticed after {killed.Elapsed}");
    }

    /// <summary>Opens the driver, retrying while gst-rtsp-server starts listening.</summary>
    private static async Task OpenWithRetriesAsync(RtspDriver driver, ICameraObserver? observer = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await driver.OpenAsync(new MediaTrackSettings(), observer ?? new FaultObserver(), CancellationToken.None);
                return;
            }
            catch (IOException e) when (attempt < 20 && e.Message.Contains("could not connect", StringComparison.Ordinal))
            {
                await Task.Delay(250);
            }
        }
    }
}
