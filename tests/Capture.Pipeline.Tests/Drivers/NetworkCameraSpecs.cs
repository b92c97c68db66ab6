using System.Diagnostics;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Drivers.Ffmpeg;
using Capture.Drivers.Mjpeg;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>Network cameras against ffmpeg serving on 127.0.0.1: real streams, real failures.</summary>
public sealed class NetworkCameraSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    [ToolFact("ffmpeg")]
    public async Task An_MJPEG_camera_should_deliver_JPEG_frames_at_the_served_size_and_rate()
    {
        using var server = FfmpegServer.Start("640x360", 15);

        var driver = new MjpegHttpDriver(new CameraDescriptor("ip-cam", "IP camera"), new Uri(server.Url), frameRate: 15);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 32);

        (await reader.Readable.ReadAsync()).Dispose();
        var clock = Stopwatch.StartNew();
        int frames = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal((VideoPixelFormat.Jpeg, 640, 360), (frame.Format, frame.Width, frame.Height));
            frames++;
        }

        Assert.InRange(frames / clock.Elapsed.TotalSeconds, 10, 20);
        Assert.Equal((640, 360), (track.GetSettings().Width, track.GetSettings().Height));
        Assert.Equal(640, track.GetCapabilities().Width!.Max);
        Assert.Equal(0, track.Stats.DiscardedFrames);
        var capture = new Capture.Core.Imaging.ImageCapture(track);
        var photo = await capture.TakePhotoAsync();
        Assert.Equal("image/jpeg", photo.Type);
        using var grabbed = await capture.GrabFrameAsync();
        Assert.Equal((VideoPixelFormat.Bgra32, 640, 360), (grabbed.Format, grabbed.Width, grabbed.Height));
    }

    [ToolFact("ffmpeg")]
    public async Task An_ffmpeg_camera_should_read_a_file_in_a_loop()
    {
        string ffmpeg = Tools.Find("ffmpeg")!;

        string file = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.mp4");
        Tools.Run(ffmpeg, "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "1", "-pix_fmt", "yuv420p", file);
        var driver = new FfmpegDriver(new CameraDescriptor("replay", "Replay"), file, loop: true);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);

        (await reader.Readable.ReadAsync()).Dispose();
        var clock = Stopwatch.StartNew();
        var sequences = new List<long>();
        for (int i = 0; i < 40; i++)
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal((320, 240), (frame.Width, frame.Height));
            sequences.Add(frame.Sequence);
        }

        // -re: the 25 fps file plays at its own pace, looping past its end: never much faster than 25 a second; the
        // lower bound only says it keeps coming (a loaded CI machine has measured 17.6).
        Assert.InRange(40 / clock.Elapsed.TotalSeconds, 12, 32);
        Assert.Equal(sequences.Order(), sequences);
        File.Delete(file);
    }

    [ToolFact("ffmpeg")]
    public async Task An_ffmpeg_camera_should_read_its_pipe_with_blocking_reads_from_the_first_byte()
    {
        // An asynchronous read, even one while opening, leaves the pipe non-blocking for good, and every later read then
        // wakes the socket engine's thread as well as the camera's (docs/decisions.md, "Fewer wake-ups per frame").
        string file = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.mp4");
        Tools.Run(Tools.Find("ffmpeg")!, "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", file);
        var driver = new FfmpegDriver(new CameraDescriptor("blocking", "Blocking"), file, loop: true);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        for (int i = 0; i < 10; i++)
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal(VideoPixelFormat.H264, frame.Format);
        }

        var ffmpeg = Assert.Single(NetworkCameras.FfmpegReaders(), p => File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(file, StringComparison.Ordinal));
        string pipe = new FileInfo($"/proc/{ffmpeg.Id}/fd/1").LinkTarget!; // "pipe:[inode]", ffmpeg's stdout
        string ours = Assert.Single(Directory.GetFiles("/proc/self/fd"), fd => new FileInfo(fd).LinkTarget == pipe);
        string flags = File.ReadLines($"/proc/self/fdinfo/{Path.GetFileName(ours)}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        const int NonBlocking = 0x800; // O_NONBLOCK, 04000 octal
        Assert.Equal(0, Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & NonBlocking);
        File.Delete(file);
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task An_RTSP_H264_camera_should_deliver_its_own_access_units_through_ffmpeg()
    {
        using var server = RtspServer.Start("320x240", 15);

        var driver = new FfmpegDriver(new CameraDescriptor("rtsp-cam", "RTSP camera"), server.Url, frameRate: 15);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 32);

        // ffmpeg flushes what it buffered while connecting first; the rate is measured after that.
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(2))
        {
            (await reader.Readable.ReadAsync()).Dispose();
        }

        var clock = Stopwatch.StartNew();
        int frames = 0, keyframes = 0;
        TimeSpan? first = null, last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal((VideoPixelFormat.H264, 320, 240), (frame.Format, frame.Width, frame.Height));
            Assert.StartsWith("avc1.", frame.Info.Stream!.Codec, StringComparison.Ordinal);
            keyframes += frame.Info.IsKeyFrame ? 1 : 0;
            first ??= frame.Info.DeviceTimestamp;
            last = frame.Info.DeviceTimestamp;
            frames++;
        }

        // Every access unit arrives: the camera's own timestamps advance one 15 fps interval per frame. The wall-clock
        // rate only says the stream flows and does not pile up (a copied stream is bursty, and CI machines are loaded).
        double interval = (last!.Value - first!.Value).TotalSeconds / (frames - 1);
        Assert.InRange(interval, 0.9 / 15, 1.1 / 15);
        Assert.InRange(frames / clock.Elapsed.TotalSeconds, 5, 22);
        Assert.InRange(keyframes, 1, 4); // one a second (key-int-max = rate)
        Assert.Equal(320, track.GetSettings().Width);
        Assert.False(driver.Transcodes);
        var capture = new Capture.Core.Imaging.ImageCapture(track);
        var photo = await capture.TakePhotoAsync();
        Assert.Equal((320, 240), JpegInfo.Read(photo.Bytes.Span));
        using var grabbed = await capture.GrabFrameAsync();
        Assert.Equal((VideoPixelFormat.Bgra32, 320, 240), (grabbed.Format, grabbed.Width, grabbed.Height));
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task An_RTSP_camera_that_hangs_should_fault_within_its_read_timeout_and_leave_no_ffmpeg_behind()
    {
        using var server = RtspServer.Start("320x240", 15);
        await using var driver = new FfmpegDriver(new CameraDescriptor("hung-cam", "Hung camera"), server.Url, frameRate: 15, readTimeout: TimeSpan.FromSeconds(5));
        var observer = new FaultObserver();
        await driver.OpenAsync(new MediaTrackSettings(), observer, CancellationToken.None); // the server's first client starts its encoder: seconds
        await observer.Frames.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var ffmpeg = NetworkCameras.FfmpegReaders();
        Assert.NotEmpty(ffmpeg);

        server.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var fault = await observer.Fault.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Contains("no frame within 5 s", fault.Message, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed.TotalSeconds, 4, 12); // noticed between one and one and a quarter timeouts
            Assert.All(ffmpeg, process => Assert.True(process.WaitForExit(5_000), "the hung ffmpeg was killed"));
        }
        finally
        {
            server.Resume();
        }
    }

    [ToolFact("ffmpeg")]
    public async Task A_snapshot_URL_should_be_polled_at_the_configured_rate()
    {
        string folder = Directory.CreateTempSubdirectory("snapshot-").FullName;
        Tools.Run(Tools.Find("ffmpeg")!, "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=400x300", "-frames:v", "1", Path.Combine(folder, "snapshot.jpg"));
        int port = Tools.FreePort();
        using var server = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "http.server", "--bind", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", folder]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            var driver = new MjpegHttpDriver(new CameraDescriptor("snap", "Snapshot camera"), new Uri($"http://127.0.0.1:{port}/snapshot.jpg"), frameRate: 5, snapshot: true);
            await using var devices = new MediaDevices(driver);
            var track = await NetworkCameras.OpenAsync(devices);
            using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 16);

            (await reader.Readable.ReadAsync()).Dispose();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++)
            {
                using var frame = await reader.Readable.ReadAsync();
                Assert.Equal((VideoPixelFormat.Jpeg, 400, 300), (frame.Format, frame.Width, frame.Height));
            }

            Assert.InRange(10 / clock.Elapsed.TotalSeconds, 3.5, 6.5);
        }
        finally
        {
            server.Kill();
        }
    }

    [ToolFact("ffmpeg")]
    public async Task A_camera_whose_server_goes_away_should_reconnect_by_itself_when_it_returns()
    {
        using var server = FfmpegServer.Start("320x240", 15);

        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cameras.ip-cam { source = mjpeg, url = "{{server.Url}}", frame-rate = 15, read-timeout = 2s }
            capture.supervision { min-backoff = 200ms, max-backoff = 1s }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("ip-cam");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);

        server.Kill();
        var lost = await camera.WaitForStatusAsync(s => s.Health is CameraHealth.Reconnecting or CameraHealth.Failed);
        server.Start();
        var back = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 5);

        Assert.NotNull(lost.LastError);
        Assert.True(back.RestartsLastHour >= 1);
        Assert.Equal(1, back.GapsLastHour);
        Assert.True(back.LastGap > TimeSpan.Zero && back.DowntimeLastHour == back.LastGap, $"gap {back.LastGap}, downtime {back.DowntimeLastHour}");
        Assert.Equal(320, (await camera.GetSettingsAsync()).Width);
    }

    [ToolFact("ffmpeg")]
    public async Task A_photo_in_flight_when_the_stream_hangs_should_fail_at_once_and_the_camera_come_back_within_back_off_and_open_20_times_of_20()
    {
        using var server = FfmpegServer.Start("320x240", 15);
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cameras.ip-cam { source = mjpeg, url = "{{server.Url}}", frame-rate = 15, read-timeout = 1s }
            capture.supervision { min-backoff = 200ms, max-backoff = 200ms, random-factor = 0, failed-after = 1000 }
            capture.health.check-interval = 50ms
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("ip-cam");
        var answers = new List<TimeSpan>();
        var returns = new List<TimeSpan>();

        for (int cycle = 1; cycle <= 20; cycle++)
        {
            int restarts = (await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered > 2)).RestartsLastHour;
            server.Pause();
            var (error, answered) = await PhotoAfterTheStreamHungAsync(camera);
            answers.Add(answered);
            Assert.Equal(MediaErrorNames.OperationError, error.Name);
            await camera.WaitForStatusAsync(s => s.RestartsLastHour > restarts, intervalMs: 20);
            server.Kill();
            server.Start();
            var down = Stopwatch.StartNew();
            await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy, intervalMs: 20);
            returns.Add(down.Elapsed);
        }

        Output!.WriteLine($"photo answered after {string.Join(", ", answers.Select(a => a.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s");
        Output!.WriteLine($"back after {string.Join(", ", returns.Select(a => a.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s");
        Assert.All(answers, a => Assert.InRange(a.TotalSeconds, 0, 1 + 1.5)); // the read timeout, not twice it
        Assert.All(returns, r => Assert.InRange(r.TotalSeconds, 0, 0.2 + 2)); // back-off + open of a local server
    }

    /// <summary>Asks for photos until one fails (at most five): frames the server sent just before it was paused may still be in the socket and answer the first ones.</summary>
    /// <returns>The failure, and how long its photo took.</returns>
    private static async Task<(MediaException Error, TimeSpan Answered)> PhotoAfterTheStreamHungAsync(CameraRef camera)
    {
        for (int attempt = 1; ; attempt++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await camera.TakePhotoAsync();
            }
            catch (MediaException error)
            {
                return (error, clock.Elapsed);
            }

            Assert.True(attempt < 5, "five photos were taken from a paused server");
        }
    }

    [ToolFact("ffmpeg")]
    public async Task Corrupt_parts_should_be_dropped_and_counted_while_the_camera_runs_on()
    {
        using var server = FfmpegServer.Start("320x240", 15, "-bsf:v", "noise=amount=50");

        var driver = new MjpegHttpDriver(new CameraDescriptor("noisy", "Noisy"), new Uri(server.Url), frameRate: 15);
        await using var devices = new MediaDevices(driver);
        var track = await NetworkCameras.OpenAsync(devices);
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);

        for (int i = 0; i < 30; i++)
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.NotNull(JpegInfo.Read(frame.Data));
        }

        Assert.True(track.Stats.DiscardedFrames > 0, "no corrupt part was counted");
        Assert.Equal(MediaStreamTrackState.Live, track.ReadyState);
    }

    [ToolFact("ffmpeg", "gst-rtsp-server")]
    public async Task An_RTSP_camera_password_should_never_stand_in_ffmpegs_command_line_whatever_it_contains()
    {
        const string Password = "p@ss:w/rd'!";
        using var server = RtspServer.Start("320x240", 15, auth: $"admin:{Password}");
        var inUrl = new FfmpegDriver(new CameraDescriptor("in-url", "In URL"), server.Url.Replace("rtsp://", $"rtsp://admin:{Uri.EscapeDataString(Password)}@", StringComparison.Ordinal), 15);
        var given = new FfmpegDriver(new CameraDescriptor("given", "Given"), server.Url, 15, credentials: new System.Net.NetworkCredential("admin", Password));
        var raw = new FfmpegDriver(new CameraDescriptor("raw", "Raw in URL"), server.Url.Replace("rtsp://", $"rtsp://admin:{Password}@", StringComparison.Ordinal), 15);

        foreach (var driver in new[] { inUrl, given, raw })
        {
            await using var devices = new MediaDevices(driver);
            var track = await NetworkCameras.OpenAsync(devices);
            using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8);
            using var frame = await reader.Readable.ReadAsync();
            var commandLines = Directory.GetDirectories("/proc").Select(p => Path.Combine(p, "cmdline")).Where(File.Exists)
                .Select(f => { try { return File.ReadAllText(f).Replace('\0', ' '); } catch (IOException) { return string.Empty; } catch (UnauthorizedAccessException) { return string.Empty; } })
                .Where(c => c.StartsWith("ffmpeg ", StringComparison.Ordinal) || c.Contains("/ffmpeg ", StringComparison.Ordinal)).ToArray();

            Assert.Equal(VideoPixelFormat.H264, frame.Format);
            Assert.NotEmpty(commandLines);
            Assert.All(commandLines, c => Assert.DoesNotContain("p@ss", c, StringComparison.Ordinal));
            Assert.All(commandLines, c => Assert.DoesNotContain(Uri.EscapeDataString(Password), c, StringComparison.Ordinal));
        }

        Assert.Empty(Directory.Exists(Path.Combine(Path.GetTempPath(), $"capture-{Environment.ProcessId}")) ? Directory.GetFiles(Path.Combine(Path.GetTempPath(), $"capture-{Environment.ProcessId}")) : []);
    }

    [Fact]
    public void Credentials_should_never_show_in_settings_or_errors()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras.gate { source = mjpeg, url = "http://10.0.0.9/video", username = admin, password = "s3cret!" }
            """));

        Assert.DoesNotContain("s3cret", settings.Cameras[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", FfmpegDriver.Mask("rtsp://admin:s3cret!@10.0.0.9:554/Streaming/Channels/101"), StringComparison.Ordinal);
        Assert.Equal("rtsp://admin:***@10.0.0.9:554/Streaming/101 failed", FfmpegDriver.Mask("rtsp://admin:p@ss@w0rd@10.0.0.9:554/Streaming/101 failed")); // a raw '@' in the password
        Assert.Equal("admin", settings.Cameras[0].Credentials!.ToNetworkCredential().UserName);

        Environment.SetEnvironmentVariable("CAPTURE_TEST_PASSWORD", "from-env");
        var fromEnvironment = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras.gate { source = mjpeg, url = "http://10.0.0.9/video", username = admin, password-env = CAPTURE_TEST_PASSWORD }
            """));
        Assert.Equal("from-env", fromEnvironment.Cameras[0].Credentials!.ToNetworkCredential().Password);
        Assert.NotEqual(settings.Cameras[0].Fingerprint, fromEnvironment.Cameras[0].Fingerprint);
    }
}
