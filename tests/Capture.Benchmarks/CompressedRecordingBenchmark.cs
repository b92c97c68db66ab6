using System.Diagnostics;
using System.Globalization;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline;

namespace Capture.Benchmarks;

/// <summary>IP cameras recorded without transcoding: the service (metrics, live view, health on) against <c>ffmpeg -c copy</c> into MP4 segments, same stream, same run.</summary>
/// <remarks>
/// The camera is gst-rtsp-server on 127.0.0.1 serving H.264 1280×720@30 (x264 ultrafast, a keyframe a second) from
/// one shared mount: one encoder for every client, so the server's cost does not grow with the cameras. Its CPU is
/// not counted on either side. Each side's CPU is its process plus its ffmpeg children, from /proc.
/// </remarks>
internal static class CompressedRecordingBenchmark
{
    /// <summary>One camera recorded three ways at once, over the same window (ours with each RTSP source, and ffmpeg's), three rounds: frames, CPU, wall time and bytes of each.</summary>
    /// <remarks>
    /// This machine's noise comes in episodes of tens of seconds (the same <c>ffmpeg -c copy</c> costs 8 to 30 ms of
    /// CPU a second from one 20 s window to the next), longer than a window: sides measured one after the other met
    /// different episodes. Measured in the same seconds, they meet the same ones. Together they use a few percent of
    /// one core, so they do not compete.
    /// </remarks>
    public static async Task<object> RecordingAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        var runs = new List<object>();
        var ratios = new Dictionary<string, List<(double Cpu, double Bytes)>> { ["rtsp"] = [], ["ffmpeg"] = [] };
        for (int round = 0; round < 3; round++)
        {
            var (rtsp, throughFfmpeg, reference) = await RecordSideBySideAsync(server.Url, seconds);
            runs.Add(new { round, oursSourceRtsp = rtsp, oursSourceFfmpeg = throughFfmpeg, ffmpeg = reference });
            ratios["rtsp"].Add((rtsp.CpuSecondsPerFrame / reference.CpuSecondsPerFrame, rtsp.BytesPerFrame / reference.BytesPerFrame));
            ratios["ffmpeg"].Add((throughFfmpeg.CpuSecondsPerFrame / reference.CpuSecondsPerFrame, throughFfmpeg.BytesPerFrame / reference.BytesPerFrame));
        }

        return new
        {
            stream = "RTSP H.264 1280x720@30 (gst-rtsp-server, 127.0.0.1) recorded to MP4 segments of 10 s, no re-encode",
            reference = "ffmpeg -rtsp_transport tcp -i URL -an -c copy -f segment -segment_time 10 -segment_format mp4 out%03d.mp4",
            ours = "the service as shipped (HTTP API, live view, health checks, OpenTelemetry metrics with /metrics scraped every second), sinks = [ video ]: source = rtsp (our RTSP client, no child process), and source = ffmpeg (-c:v copy → fragmented MP4 on stdout)",
            measured = "the three side by side, over the same window, after each service's JIT went quiet",
            runs,
            cpuPerFrameOursOverFfmpeg = ratios.ToDictionary(r => $"source = {r.Key}", r => r.Value.Select(v => Math.Round(v.Cpu, 2))),
            framesPerCpuSecondOursOverFfmpeg = ratios.ToDictionary(r => $"source = {r.Key}", r => r.Value.Select(v => Math.Round(1 / v.Cpu, 3))),
            bytesPerFrameOursOverFfmpeg = ratios.ToDictionary(r => $"source = {r.Key}", r => r.Value.Select(v => Math.Round(v.Bytes, 3))),
            target = "CPU <= 2.0x ffmpeg's per frame; bytes within +-5 %",
        };
    }

    /// <summary>Ever more cameras on one shared mount, each recorded for <paramref name="seconds"/>: drops, CPU, frames.</summary>
    public static async Task<object> CamerasAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        var runs = new List<object>();
        string source = Source();
        foreach (int cameras in CameraCounts())
        {
            ManyRun run;
            try
            {
                run = await RecordManyAsync(source, server.Url, cameras, seconds);
            }
            catch (TimeoutException e)
            {
                // A count that never got going ends the scenario, but the counts measured before it are kept.
                runs.Add(new { cameras, failed = e.Message, server = server.Describe() });
                break;
            }

            Console.Error.WriteLine($"h264-cameras: {cameras} cameras, {run.Dropped} dropped, {run.CpuPercentOfOneCore} % of one core");
            runs.Add(run);
            if (run.Dropped > 0 || run.FramesPerCameraPerSecond < 29)
            {
                break;
            }
        }

        return new
        {
            stream = "RTSP H.264 1280x720@30, one shared gst-rtsp-server mount on 127.0.0.1; each camera its own RTSP session",
            recording = $"the service as shipped (HTTP API, live view, health checks, OpenTelemetry metrics with /metrics scraped every second), source = {source}, sinks = [ video ] (MP4 segments, no decode)",
            runs,
        };
    }

    /// <summary>Pixels at 5 fps from an H.264 720p30 camera: our decode stage against <c>ffmpeg -vf fps=5</c> decoding the same stream to raw frames, side by side over the same window, three rounds.</summary>
    public static async Task<object> DecodeAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        var runs = new List<object>();
        var ratios = new List<double>();
        string source = Source();
        for (int round = 0; round < 3; round++)
        {
            var (ours, reference) = await DecodeSideBySideAsync(source, server.Url, seconds);
            runs.Add(new { round, ours, ffmpeg = reference });
            ratios.Add(ours.FramesPerCpuSecond / reference.FramesPerCpuSecond);
        }

        return new
        {
            stream = "RTSP H.264 1280x720@30 (gst-rtsp-server, 127.0.0.1), BGRA pixels at 5 fps",
            reference = "ffmpeg -rtsp_transport tcp -i URL -an -vf fps=5 -pix_fmt bgra -f rawvideo pipe:1 (its stdout read and discarded; only ffmpeg's CPU counted)",
            ours = $"the service as shipped (HTTP API, live view, health checks, OpenTelemetry metrics with /metrics scraped every second): source = {source}, pipeline = [ {{ decode {{ frame-rate = 5 }} }} ] (an ffmpeg decoder fed the frames received), sinks = [ null ]",
            measured = "side by side, over the same window, after the service's JIT went quiet",
            runs,
            framesPerCpuSecondOursOverFfmpeg = ratios.Select(r => Math.Round(r, 3)),
            target = ">= 1.0 (no more CPU than ffmpeg -vf fps=5)",
        };
    }

    /// <summary>takePhoto, grabFrame and snapshot.jpg on an H.264 720p camera: each decoded on demand from the latest keyframe.</summary>
    public static async Task<object> OnDemandDecodeAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        string root = Directory.CreateTempSubdirectory("bench-photo-").FullName;
        var settings = CaptureSettings.Create(Akka.Configuration.ConfigurationFactory.ParseString($"capture.recording.path = \"{root}\"\ncapture.cameras.cam {{ source = {Source()}, url = \"{server.Url}\", frame-rate = 30 }}"));
        var views = new LiveViews();
        using var system = BenchActorSystem.Create("bench");
        var rig = new CaptureRig(system.ActorOf(Rig.Props(settings, liveViews: views)), TimeSpan.FromSeconds(30));
        var camera = rig.Camera("cam");
        await WaitAsync(camera, s => s.FramesDelivered > 90);
        var live = views.Find(new CameraId("cam"))!;
        Func<Task>[] calls = [() => camera.TakePhotoAsync(), () => camera.GrabFrameAsync("image/jpeg"), () => live.SnapshotAsync(CancellationToken.None)];
        var apart = calls.Select(_ => new List<double>()).ToArray();
        var together = calls.Select(_ => new List<double>()).ToArray();
        int rounds = Math.Max(10, seconds * 2);
        double first = 0;
        for (int i = 0; i < rounds; i++)
        {
            // Apart: one call, then a pause, as requests of separate users arrive; the pause lands calls at different places in the group of pictures.
            for (int call = 0; call < calls.Length; call++)
            {
                double ms = await TimeAsync(calls[call]);
                first = i == 0 && call == 0 ? ms : first;
                apart[call].Add(ms);
                await Task.Delay(137);
            }
        }

        for (int i = 0; i < rounds; i++)
        {
            // Together: the three calls back to back, then a pause.
            for (int call = 0; call < calls.Length; call++)
            {
                together[call].Add(await TimeAsync(calls[call]));
            }

            await Task.Delay(137);
        }

        await camera.StopAsync();
        Directory.Delete(root, recursive: true);
        return new
        {
            stream = "RTSP H.264 1280x720@30, a keyframe a second (so up to 30 frames are decoded for the newest picture)",
            rounds,
            firstTakePhotoMs = Math.Round(first, 1), // the only call without a spare decoder waiting: ffmpeg starts for it
            apart = new { takePhotoMs = Percentiles(apart[0]), grabFrameJpegMs = Percentiles(apart[1]), snapshotJpgMs = Percentiles(apart[2]) },
            backToBack = new { takePhotoMs = Percentiles(together[0]), grabFrameJpegMs = Percentiles(together[1]), snapshotJpgMs = Percentiles(together[2]) },
            target = "p50 < 150 ms",
        };
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        long start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static object Percentiles(List<double> samples)
    {
        samples.Sort();
        return new { p50 = Math.Round(samples[samples.Count / 2], 1), p90 = Math.Round(samples[samples.Count * 9 / 10], 1), max = Math.Round(samples[^1], 1) };
    }

    private static async Task<(Side Ours, Side Ffmpeg)> DecodeSideBySideAsync(string source, string url, int seconds)
    {
        const int FrameBytes = 1280 * 720 * 4;
        string root = Directory.CreateTempSubdirectory("bench-decode-").FullName;
        (Side, Side) sides;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.cam {{ source = {source}, url = \"{url}\", frame-rate = 30, pipeline = [ {{ decode {{ frame-rate = 5 }} }} ], sinks = [ null ] }}"))
        {
            await service.WaitForAsync("cam", s => s.FramesDelivered > 300);
            await service.WaitForJitQuietAsync();
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", url, "-an", "-vf", "fps=5", "-pix_fmt", "bgra", "-f", "rawvideo", "pipe:1" })
            {
                start.ArgumentList.Add(argument);
            }

            using var ffmpeg = Process.Start(start)!;
            ffmpeg.BeginErrorReadLine();
            long bytes = 0;
            var reading = Task.Run(async () =>
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await ffmpeg.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
                {
                    Interlocked.Add(ref bytes, read);
                }
            });
            var warm = Stopwatch.StartNew();
            while (Interlocked.Read(ref bytes) < 25L * FrameBytes && warm.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            double cpu0 = service.CpuSeconds, children0 = service.ChildCpuSeconds, decoder0 = service.DecoderCpuSeconds, referenceCpu0 = ChildProcesses.CpuSeconds(ffmpeg.Id);
            long decoded0 = StageCounters.FramesOut(await service.PipelineAsync("cam"), "decode"), referenceBytes0 = Interlocked.Read(ref bytes);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            double wall = Math.Round(clock.Elapsed.TotalSeconds, 2);
            long decoded = StageCounters.FramesOut(await service.PipelineAsync("cam"), "decode") - decoded0, referenceFrames = (Interlocked.Read(ref bytes) - referenceBytes0) / FrameBytes;
            double cpu = service.CpuSeconds - cpu0, children = service.ChildCpuSeconds - children0, decoder = service.DecoderCpuSeconds - decoder0;
            double referenceCpu = ChildProcesses.CpuSeconds(ffmpeg.Id) - referenceCpu0;
            ffmpeg.Kill();
            await reading;
            sides = (new Side(decoded, Math.Round(cpu, 2), wall, 0, 0) { ChildCpuSeconds = Math.Round(children, 2), DecoderCpuSeconds = Math.Round(decoder, 2) },
                new Side(referenceFrames, Math.Round(referenceCpu, 2), wall, 0, 0));
        }

        Directory.Delete(root, recursive: true);
        return sides;
    }

    /// <summary>16, 32, 48, 64, 96, 128 cameras, or the counts in CAPTURE_BENCH_CAMERAS (e.g. "48").</summary>
    private static IEnumerable<int> CameraCounts() =>
        Environment.GetEnvironmentVariable("CAPTURE_BENCH_CAMERAS") is { Length: > 0 } counts
            ? counts.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            : [16, 32, 48, 64, 96, 128];

    /// <summary>The camera source of the scenarios that measure one: CAPTURE_BENCH_SOURCE (rtsp or ffmpeg), rtsp by default.</summary>
    private static string Source() => Environment.GetEnvironmentVariable("CAPTURE_BENCH_SOURCE") is { Length: > 0 } source ? source : "rtsp";

    private static async Task<ManyRun> RecordManyAsync(string source, string url, int count, int seconds)
    {
        string root = Directory.CreateTempSubdirectory("bench-h264-").FullName;
        string cameras = string.Join('\n', Enumerable.Range(0, count).Select(i =>
            $"cam-{i:D2} {{ source = {source}, url = \"{url}\", frame-rate = 30, sinks = [ {{ video {{ segment = 10s }} }} ] }}"));
        ManyRun run;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras {{\n{cameras}\n}}"))
        {
            run = await MeasureManyAsync(service, [.. Enumerable.Range(0, count).Select(i => $"cam-{i:D2}")], seconds);
        }

        var (frames, bytes) = Files(root); // the service has stopped: every segment is closed under its final name
        Directory.Delete(root, recursive: true);
        return run with { Side = run.Side with { FramesInFiles = frames, BytesInFiles = bytes } };
    }

    private static async Task<ManyRun> MeasureManyAsync(ShippedService service, List<string> cameras, int seconds)
    {
        foreach (var camera in cameras)
        {
            await service.WaitForAsync(camera, s => s.FramesDelivered > 300); // ten seconds: past start-up
        }

        await service.WaitForJitQuietAsync();
        double cpu0 = service.CpuSeconds;
        double children0 = service.ChildCpuSeconds;
        var clock = Stopwatch.StartNew();
        var before = await StageCounters.ReadAsync(service, cameras);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = await StageCounters.ReadAsync(service, cameras);
        double cpu = service.CpuSeconds - cpu0;
        double children = service.ChildCpuSeconds - children0;
        double wall = clock.Elapsed.TotalSeconds;
        long written = StageCounters.FramesOut(after, "sink:video") - StageCounters.FramesOut(before, "sink:video");
        var drops = StageCounters.DropsBetween(before, after);

        long dropped = drops.Values.Sum();
        var side = new Side(written, Math.Round(cpu, 2), Math.Round(wall, 2), 0, 0) { ChildCpuSeconds = Math.Round(children, 2) };
        return new ManyRun(cameras.Count, side, dropped, Math.Round(written / wall / cameras.Count, 1), Math.Round(100 * cpu / wall, 1))
        {
            DroppedByStage = drops.Where(d => d.Value > 0).ToDictionary(d => d.Key, d => d.Value),
        };
    }

    /// <summary>Both services (source = rtsp and source = ffmpeg) and ffmpeg recording the same camera, measured over one window.</summary>
    private static async Task<(Side Rtsp, Side ThroughFfmpeg, Side Ffmpeg)> RecordSideBySideAsync(string url, int seconds)
    {
        string[] sources = ["rtsp", "ffmpeg"];
        var roots = sources.Select(source => Directory.CreateTempSubdirectory($"bench-h264-{source}-").FullName).ToArray();
        string reference = Directory.CreateTempSubdirectory("bench-ffmpeg-").FullName;
        var services = new List<ShippedService>();
        try
        {
            for (int i = 0; i < sources.Length; i++)
            {
                services.Add(await ShippedService.StartAsync(roots[i], $"capture.cameras {{ cam-00 {{ source = {sources[i]}, url = \"{url}\", frame-rate = 30, sinks = [ {{ video {{ segment = 10s }} }} ] }} }}"));
            }

            foreach (var service in services)
            {
                await service.WaitForAsync("cam-00", s => s.FramesDelivered > 300);
            }

            await Task.WhenAll(services.Select(s => s.WaitForJitQuietAsync()));
            using var ffmpeg = StartFfmpegRecorder(url, reference);
            var progress = FfmpegProgress.Follow(ffmpeg);
            var warm = Stopwatch.StartNew();
            while (progress() < 60 && warm.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            var cpu0 = services.Select(s => (s.CpuSeconds, s.ChildCpuSeconds)).ToList();
            var frames0 = new List<long>();
            foreach (var service in services)
            {
                frames0.Add(StageCounters.FramesOut(await service.PipelineAsync("cam-00"), "sink:video"));
            }

            double referenceCpu0 = ChildProcesses.CpuSeconds(ffmpeg.Id);
            long referenceFrames0 = progress();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            double wall = clock.Elapsed.TotalSeconds;
            double referenceCpu = ChildProcesses.CpuSeconds(ffmpeg.Id) - referenceCpu0;
            long referenceFrames = progress() - referenceFrames0;
            var sides = new List<Side>();
            for (int i = 0; i < services.Count; i++)
            {
                long frames = StageCounters.FramesOut(await services[i].PipelineAsync("cam-00"), "sink:video") - frames0[i];
                sides.Add(new Side(frames, Math.Round(services[i].CpuSeconds - cpu0[i].CpuSeconds, 2), Math.Round(wall, 2), 0, 0) { ChildCpuSeconds = Math.Round(services[i].ChildCpuSeconds - cpu0[i].ChildCpuSeconds, 2) });
            }

            await ffmpeg.StandardInput.WriteAsync('q'); // let it finish its last segment
            ffmpeg.StandardInput.Close();
            if (!ffmpeg.WaitForExit(10_000))
            {
                ffmpeg.Kill();
            }

            foreach (var service in services)
            {
                await service.DisposeAsync(); // every segment closed under its final name
            }

            services.Clear();
            var (rtspFrames, rtspBytes) = Files(roots[0]);
            var (throughFrames, throughBytes) = Files(roots[1]);
            var (referenceFilesFrames, referenceBytes) = Files(reference);
            return (sides[0] with { FramesInFiles = rtspFrames, BytesInFiles = rtspBytes },
                sides[1] with { FramesInFiles = throughFrames, BytesInFiles = throughBytes },
                new Side(referenceFrames, Math.Round(referenceCpu, 2), Math.Round(wall, 2), referenceFilesFrames, referenceBytes));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }

            foreach (var root in roots.Append(reference))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static Process StartFfmpegRecorder(string url, string folder)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-progress", "pipe:1", "-stats_period", "0.2", "-rtsp_transport", "tcp", "-i", url, "-an", "-c", "copy", "-f", "segment", "-segment_time", "10", "-segment_format", "mp4", Path.Combine(folder, "out%03d.mp4") })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits (at most 30 s) until the reference's <paramref name="progress"/> passes <paramref name="warmUntil"/>, then measures its CPU, its progress and the wall time over <paramref name="seconds"/>.</summary>
    internal static async Task<(double CpuSeconds, long Progress, double WallSeconds)> MeasureReferenceAsync(Process process, Func<long> progress, long warmUntil, int seconds)
    {
        var warm = Stopwatch.StartNew();
        while (progress() < warmUntil && warm.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        double cpu0 = ChildProcesses.CpuSeconds(process.Id);
        long progress0 = progress();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return (ChildProcesses.CpuSeconds(process.Id) - cpu0, progress() - progress0, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Frames (video packets, per ffprobe) and bytes in every MP4 under <paramref name="root"/>.</summary>
    private static (long Frames, long Bytes) Files(string root)
    {
        long frames = 0, bytes = 0;
        foreach (var file in Directory.GetFiles(root, "*.mp4", SearchOption.AllDirectories))
        {
            bytes += new FileInfo(file).Length;
            var probe = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file]) { RedirectStandardOutput = true })!;
            string text = probe.StandardOutput.ReadToEnd().Trim();
            probe.WaitForExit();
            frames += long.TryParse(text, CultureInfo.InvariantCulture, out long n) ? n : 0;
        }

        return (frames, bytes);
    }

    internal static async Task<long> SumAsync(List<CameraRef> cameras, string stage, Func<Camera.StageReport, long> value)
    {
        long sum = 0;
        foreach (var camera in cameras)
        {
            sum += (await camera.GetPipelineAsync()).Where(s => s.Stage == stage).Sum(value);
        }

        return sum;
    }

    internal static async Task WaitAsync(CameraRef camera, Func<CameraStatus, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        CameraStatus status;
        while (!condition(status = await camera.GetStatusAsync()))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(180))
            {
                throw new TimeoutException($"camera never got ready: {status}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>One side's raw figures: frames recorded, CPU and wall seconds in the measured window; frames and bytes its files hold (warm-up included).</summary>
    private sealed record Side(long Frames, double CpuSeconds, double WallSeconds, long FramesInFiles, long BytesInFiles)
    {
        /// <summary>Of <see cref="CpuSeconds"/>, what the ffmpeg children used (ours only; the reference is ffmpeg alone).</summary>
        public double? ChildCpuSeconds { get; init; }

        /// <summary>Of <see cref="ChildCpuSeconds"/>, what the decoding ffmpeg used (the decode benchmark's ours only).</summary>
        public double? DecoderCpuSeconds { get; init; }

        public double CpuSecondsPerFrame => CpuSeconds / Math.Max(1, Frames);

        public double FramesPerCpuSecond => Math.Round(Frames / Math.Max(CpuSeconds, 0.01), 1);

        public double BytesPerFrame => FramesInFiles > 0 ? Math.Round((double)BytesInFiles / FramesInFiles, 1) : 0;

        public double CpuPercentOfOneCore => Math.Round(100 * CpuSeconds / WallSeconds, 2);

        public double BytesPerSecond => Math.Round(BytesPerFrame * Frames / WallSeconds);
    }

    private sealed record ManyRun(int Cameras, Side Side, long Dropped, double FramesPerCameraPerSecond, double CpuPercentOfOneCore)
    {
        /// <summary>Where the drops of the window were.</summary>
        public Dictionary<string, long> DroppedByStage { get; init; } = [];
    }
}
