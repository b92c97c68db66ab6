using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Capture.Benchmarks;

/// <summary>
/// Issue 12's rig: N synthetic 1280×720@30 cameras, each → overlay → JPEG q85 → MJPEG AVI, in the service as shipped;
/// five runs, each a fresh service measured over one window: drops, and capture→disk latency from the service's own
/// histogram.
/// </summary>
/// <remarks>
/// The latency comes from the difference of <c>capture_frame_latency_seconds</c> (stage <c>sink:video</c>) scraped
/// at both ends of the window, so it covers exactly the window's frames; its bucket at 0.067 s is two frame
/// intervals (66.7 ms, rounded up by 0.3 ms). The API's p99 covers a camera's last 4,096 frames instead, which
/// reach back before the window.
/// </remarks>
internal static partial class SyntheticRigBenchmark
{
    private const int Rounds = 5;
    private const string TwoIntervals = "0.067";

    public static async Task<object> RunAsync(int seconds)
    {
        int count = Environment.GetEnvironmentVariable("CAPTURE_BENCH_CAMERAS") is { Length: > 0 } cameras ? int.Parse(cameras, CultureInfo.InvariantCulture) : 24;
        var runs = new List<object>();
        for (int round = 0; round < Rounds; round++)
        {
            var run = await RunOnceAsync(count, seconds);
            Console.Error.WriteLine($"synthetic-rig: run {round}, {count} cameras, {run.Dropped} dropped, worst camera {run.WorstShareWithinTwoIntervals:P2} within two intervals");
            runs.Add(new { round, run });
        }

        return new
        {
            cameras = count,
            pipeline = "synthetic camera 1280x720@30 → overlay → JPEG q85 → MJPEG AVI (sinks = [ video ]), in the service as shipped (HTTP API, live view, health checks, OpenTelemetry metrics with /metrics scraped every second)",
            latency = "capture → end of the AVI write, from the service's histogram over the window; worst camera",
            runs,
            target = "0 drops over the window and p99 capture→disk < 2 frame intervals (66.7 ms) in 5 of 5 runs",
        };
    }

    private static async Task<RigRun> RunOnceAsync(int count, int seconds)
    {
        string root = Directory.CreateTempSubdirectory("bench-rig-").FullName;
        var ids = Enumerable.Range(0, count).Select(i => $"cam-{i:D2}").ToList();
        string cameras = string.Join('\n', ids.Select(id =>
            $"{id} {{ width = 1280, height = 720, frame-rate = 30, pipeline = [ overlay, {{ encode = jpeg, quality = 85 }} ], sinks = [ video ] }}"));
        RigRun run;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras {{\n{cameras}\n}}"))
        {
            foreach (var id in ids)
            {
                await service.WaitForAsync(id, s => s.FramesDelivered > 300);
            }

            await service.WaitForJitQuietAsync();
            double cpu0 = service.CpuSeconds;
            var clock = Stopwatch.StartNew();
            var before = await StageCounters.ReadAsync(service, ids);
            var latency0 = Latency(await service.GetStringAsync("/metrics"));
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var after = await StageCounters.ReadAsync(service, ids);
            var latency1 = Latency(await service.GetStringAsync("/metrics"));
            double cpu = service.CpuSeconds - cpu0;
            double wall = clock.Elapsed.TotalSeconds;
            long written = StageCounters.FramesOut(after, "sink:video") - StageCounters.FramesOut(before, "sink:video");
            var drops = StageCounters.DropsBetween(before, after);

            var shares = ids.Select(id => Share(latency0.GetValueOrDefault(id), latency1.GetValueOrDefault(id))).ToList();
            run = new RigRun(
                RunSide.Of(written, cpu, wall),
                drops.Values.Sum(),
                drops.Where(d => d.Value > 0).ToDictionary(d => d.Key, d => d.Value),
                Math.Round(shares.Min(), 5),
                Math.Round(100 * cpu / wall, 1));
        }

        Directory.Delete(root, recursive: true);
        return run;
    }

    /// <summary>The share of a camera's frames of the window written within two frame intervals of their capture.</summary>
    private static double Share((long WithinTwoIntervals, long Count) before, (long WithinTwoIntervals, long Count) after) =>
        after.Count > before.Count ? (double)(after.WithinTwoIntervals - before.WithinTwoIntervals) / (after.Count - before.Count) : 0;

    /// <summary>Per camera, the video sink's frames within two intervals and all its frames so far, from a scrape.</summary>
    private static Dictionary<string, (long WithinTwoIntervals, long Count)> Latency(string exposition)
    {
        var cameras = new Dictionary<string, (long, long)>();
        foreach (Match line in SinkLatencyLine().Matches(exposition))
        {
            string camera = line.Groups["camera"].Value;
            long value = long.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            var (within, total) = cameras.GetValueOrDefault(camera);
            if (line.Groups["kind"].Value == "count")
            {
                total = value;
            }
            else if (line.Groups["le"].Value == TwoIntervals)
            {
                within = value;
            }

            cameras[camera] = (within, total);
        }

        return cameras;
    }

    [GeneratedRegex("""^capture_frame_latency_seconds_(?<kind>bucket|count)\{(?=[^}]*camera="(?<camera>[^"]+)")(?=[^}]*stage="sink:video")(?:(?=[^}]*le="(?<le>[^"]+)"))?[^}]*\} (?<value>\d+)""", RegexOptions.Multiline)]
    private static partial Regex SinkLatencyLine();

    private sealed record RigRun(RunSide Side, long Dropped, Dictionary<string, long> DroppedByStage, double WorstShareWithinTwoIntervals, double CpuPercentOfOneCore)
    {
        /// <summary>p99 under two intervals, as the target asks.</summary>
        public bool P99UnderTwoIntervals => WorstShareWithinTwoIntervals >= 0.99;
    }
}
