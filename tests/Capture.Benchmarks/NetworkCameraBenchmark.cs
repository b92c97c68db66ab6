using System.Diagnostics;
using Capture.Core.Drivers;
using Capture.Core.Media;
using Capture.Drivers.Ffmpeg;
using Capture.Drivers.Mjpeg;

namespace Capture.Benchmarks;

/// <summary>Network cameras: HTTP MJPEG ingest rate per core, RTSP ingest overhead against ffmpeg's own, reconnect time.</summary>
internal static class NetworkCameraBenchmark
{
    /// <summary>720p JPEG parts served by ffmpeg as fast as it can copy them (no encode), read by the MJPEG driver, passed through.</summary>
    public static async Task<object> MjpegIngestAsync(int seconds)
    {
        string clip = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.mjpeg");
        Run("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "4", "-q:v", "5", "-f", "mjpeg", clip);
        int port = Loopback.FreePort();
        using var server = Start("ffmpeg", "-loglevel", "error", "-stream_loop", "-1", "-i", clip, "-c", "copy", "-f", "mpjpeg", "-listen", "1", $"http://127.0.0.1:{port}/cam");
        await Task.Delay(500);
        var driver = new MjpegHttpDriver(new CameraDescriptor("ingest", "ingest"), new Uri($"http://127.0.0.1:{port}/cam"));
        await using var devices = new MediaDevices(driver);
        var track = (await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true })).GetVideoTracks()[0];
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        var (frames, elapsed, cpu) = await CountAsync(reader, seconds);
        track.Stop();
        File.Delete(clip);
        return new
        {
            frames = "1280x720 JPEG parts, multipart/x-mixed-replace over HTTP on 127.0.0.1, passed through (no decode)",
            framesPerSecond = Math.Round(frames / elapsed, 1),
            ourCpuPercentOfOneCore = Math.Round(100 * cpu / elapsed, 1),
            framesPerSecondPerCore = Math.Round(frames / cpu, 1),
            discarded = track.Stats.DiscardedFrames,
        };
    }

    /// <summary>An RTSP H.264 720p30 camera (gst-rtsp-server) through the ffmpeg driver (stream copy): our CPU against the ffmpeg child's.</summary>
    public static async Task<object> RtspOverheadAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        var driver = new FfmpegDriver(new CameraDescriptor("rtsp", "rtsp"), server.Url, frameRate: 30);
        await using var devices = new MediaDevices(driver);
        var track = (await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true })).GetVideoTracks()[0];
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 64);
        var ffmpeg = Process.GetProcessesByName("ffmpeg").OrderByDescending(p => p.StartTime).First();
        var ffmpegCpu0 = ffmpeg.TotalProcessorTime;
        var (frames, elapsed, cpu) = await CountAsync(reader, seconds);
        ffmpeg.Refresh();
        double ffmpegCpu = (ffmpeg.TotalProcessorTime - ffmpegCpu0).TotalSeconds;
        track.Stop();
        return new
        {
            stream = "RTSP H.264 1280x720@30 (gst-rtsp-server on 127.0.0.1) → ffmpeg -c:v copy to fragmented MP4 → our reader (H.264 frames, no decode)",
            framesPerSecond = Math.Round(frames / elapsed, 1),
            ourCpuPercentOfOneCore = Math.Round(100 * cpu / elapsed, 1),
            ffmpegCpuPercentOfOneCore = Math.Round(100 * ffmpegCpu / elapsed, 1),
            ourShareOfIngestCpu = Math.Round(cpu / (cpu + ffmpegCpu), 3),
        };
    }

    /// <summary>How long an MJPEG camera takes to deliver again after its server comes back (rig defaults: back-off from 500 ms).</summary>
    public static async Task<object> ReconnectAsync(int seconds)
    {
        int port = Loopback.FreePort();
        string url = $"http://127.0.0.1:{port}/cam";
        string[] serve = ["-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15", "-f", "mpjpeg", "-q:v", "5", "-listen", "1", url];
        var samples = new List<double>();
        var server = Start("ffmpeg", serve);
        var driver = new MjpegHttpDriver(new CameraDescriptor("reconnect", "reconnect"), new Uri(url), readTimeout: TimeSpan.FromSeconds(2));
        using var system = BenchActorSystem.Create("reconnect");
        var settings = Capture.Pipeline.Configuration.CaptureSettings.Create(Akka.Configuration.ConfigurationFactory.ParseString($"capture.cameras.cam {{ source = mjpeg, url = \"{url}\", read-timeout = 2s }}"));
        var rig = new Capture.Pipeline.Cameras.CaptureRig(system.ActorOf(Capture.Pipeline.Cameras.Rig.Props(settings, _ => driver)), TimeSpan.FromSeconds(10));
        var camera = rig.Camera("cam");
        await WaitAsync(camera, s => s.Health == Capture.Pipeline.Cameras.CameraHealth.Healthy);
        for (int i = 0; i < Math.Max(3, seconds / 3); i++)
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            server.Dispose();
            await WaitAsync(camera, s => s.Health != Capture.Pipeline.Cameras.CameraHealth.Healthy);
            await Task.Delay(1000);
            var back = Stopwatch.StartNew();
            server = Start("ffmpeg", serve);
            long frames = (await camera.GetStatusAsync()).FramesDelivered;
            await WaitAsync(camera, s => s.Health == Capture.Pipeline.Cameras.CameraHealth.Healthy && s.FramesDelivered > frames);
            samples.Add(back.Elapsed.TotalMilliseconds);
        }

        server.Kill(entireProcessTree: true);
        server.Dispose();
        samples.Sort();
        return new
        {
            scenario = "MJPEG server killed, back after 1 s; time from its restart to frames flowing again",
            supervision = "min-backoff 500ms, doubling, jitter 20 % (the defaults)",
            runs = samples.Count,
            medianMs = Math.Round(samples[samples.Count / 2], 0),
            maxMs = Math.Round(samples[^1], 0),
        };
    }

    private static async Task<(long Frames, double Seconds, double CpuSeconds)> CountAsync(MediaStreamTrackProcessor reader, int seconds)
    {
        for (int i = 0; i < 30; i++)
        {
            (await reader.Readable.ReadAsync()).Dispose();
        }

        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long frames = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            (await reader.Readable.ReadAsync()).Dispose();
            frames++;
        }

        process.Refresh();
        return (frames, clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static async Task WaitAsync(Capture.Pipeline.Cameras.CameraRef camera, Func<Capture.Pipeline.Cameras.CameraStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition(await camera.GetStatusAsync(timeout.Token)))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        if (file != "/usr/bin/python3")
        {
            process.BeginOutputReadLine();
        }

        return process;
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        process.WaitForExit();
    }
}
