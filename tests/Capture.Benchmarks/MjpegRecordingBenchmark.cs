using System.Diagnostics;

namespace Capture.Benchmarks;

/// <summary>HTTP MJPEG ingest → MJPEG AVI recording: the service as shipped against <c>ffmpeg -i URL -c copy -f avi</c>, same stream, A B A B.</summary>
/// <remarks>
/// The source is paced (300 frames/s): unpaced, ffmpeg reads only as fast as it writes while our capture never waits
/// and its input queue drops the oldest frames, so the comparison would charge us for frames no recorder keeps.
/// </remarks>
internal static class MjpegRecordingBenchmark
{
    private const string FullRate = "10", TenthRate = "1";

    public static async Task<object> RunAsync(int seconds)
    {
        string clip = Path.Combine(Path.GetTempPath(), $"clip-{Guid.NewGuid():N}.mjpeg");
        using (var encode = Ffmpeg("-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "4", "-q:v", "5", "-f", "mjpeg", clip))
        {
            await encode.WaitForExitAsync();
        }

        var runs = new List<object>();
        var ratios = new List<double>();
        var backgrounds = new List<double>();
        for (int round = 0; round < 2; round++)
        {
            var ours = await WithServerAsync(clip, FullRate, url => RecordWithServiceAsync(url, seconds, 3000));
            var reference = await WithServerAsync(clip, FullRate, url => RecordWithFfmpegAsync(url, seconds));
            var oursAtTenth = await WithServerAsync(clip, TenthRate, url => RecordWithServiceAsync(url, seconds, 300));
            runs.Add(new { round, ours, ffmpeg = reference, oursAtATenthOfTheRate = oursAtTenth });
            ratios.Add(Math.Round(ours.FramesPerCpuSecond / reference.FramesPerCpuSecond, 3));
            backgrounds.Add(Math.Round(oursAtTenth.CpuSeconds / oursAtTenth.WallSeconds / (reference.CpuSeconds / reference.WallSeconds), 3));
        }

        File.Delete(clip);
        return new
        {
            stream = "1280x720 JPEG parts (testsrc2, q5) served as multipart/x-mixed-replace by ffmpeg -c copy at 300 frames/s (-readrate 10: every frame fits both recorders, so neither drops), 127.0.0.1; the server's CPU counted on neither side; a third side runs the service with the camera at a tenth of the rate (-readrate 1), to show what it costs whatever the rate",
            reference = "ffmpeg -i URL -c copy -f avi out.avi",
            ours = "the service as shipped (HTTP API, live view, health checks, OpenTelemetry metrics with /metrics scraped every second): source = mjpeg, sinks = [ video ] (MJPEG AVI)",
            runs,
            framesPerCpuSecondOursOverFfmpeg = ratios,
            // What the service costs a second with the camera at a tenth of the rate (mostly what it costs whatever the rate) over what ffmpeg costs a second at the full rate.
            cpuPerSecondOursAtATenthOverFfmpegAtFullRate = backgrounds,
            target = ">= 1.0",
        };
    }

    /// <summary>A fresh server per side, at <paramref name="readRate"/> × the clip's 30 frames/s (ffmpeg's HTTP listener serves one client).</summary>
    private static async Task<RunSide> WithServerAsync(string clip, string readRate, Func<string, Task<RunSide>> record)
    {
        string url = $"http://127.0.0.1:{Loopback.FreePort()}/cam";
        using var server = Ffmpeg("-loglevel", "error", "-readrate", readRate, "-stream_loop", "-1", "-i", clip, "-c", "copy", "-f", "mpjpeg", "-listen", "1", url);
        await Task.Delay(500); // ffmpeg opens its listener; the reader retries anyway
        try
        {
            return await record(url);
        }
        finally
        {
            server.Kill();
        }
    }

    /// <summary>The service recording the camera, measured once <paramref name="warmFrames"/> have arrived and its JIT is quiet.</summary>
    private static async Task<RunSide> RecordWithServiceAsync(string url, int seconds, int warmFrames)
    {
        string root = Directory.CreateTempSubdirectory("bench-mjpeg-").FullName;
        RunSide side;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.cam {{ source = mjpeg, url = \"{url}\", sinks = [ video ] }}"))
        {
            await service.WaitForAsync("cam", s => s.FramesDelivered > warmFrames);
            await service.WaitForJitQuietAsync();
            double cpu0 = service.CpuSeconds; // the service and its children; the camera server is the benchmark's child, not the service's
            long written0 = StageCounters.FramesOut(await service.PipelineAsync("cam"), "sink:video");
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            long written = StageCounters.FramesOut(await service.PipelineAsync("cam"), "sink:video") - written0;
            side = RunSide.Of(written, service.CpuSeconds - cpu0, clock.Elapsed.TotalSeconds);
        }

        Directory.Delete(root, recursive: true);
        return side;
    }

    private static async Task<RunSide> RecordWithFfmpegAsync(string url, int seconds)
    {
        string root = Directory.CreateTempSubdirectory("bench-mjpeg-ffmpeg-").FullName;
        using var process = Ffmpeg("-hide_banner", "-loglevel", "error", "-progress", "pipe:1", "-stats_period", "0.2", "-i", url, "-c", "copy", "-f", "avi", Path.Combine(root, "out.avi"));
        var (cpu, frames, wall) = await CompressedRecordingBenchmark.MeasureReferenceAsync(process, FfmpegProgress.Follow(process), 3000, seconds);
        var side = RunSide.Of(frames, cpu, wall);
        process.Kill();
        await process.WaitForExitAsync();
        Directory.Delete(root, recursive: true);
        return side;
    }

    private static Process Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
