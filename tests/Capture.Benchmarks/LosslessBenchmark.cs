using System.Diagnostics;

namespace Capture.Benchmarks;

/// <summary>The lab's lossless path: one synthetic 1920×1080@30 camera encoded losslessly to an image sequence on disk, through the service as shipped, QOI against PNG, A B A B.</summary>
internal static class LosslessBenchmark
{
    public static async Task<object> RunAsync(int seconds)
    {
        var runs = new List<object>();
        for (int round = 0; round < 2; round++)
        {
            foreach (string format in new[] { "qoi", "png" })
            {
                runs.Add(new { round, format, run = await RecordAsync(format, seconds) });
            }
        }

        return new
        {
            camera = "synthetic 1920x1080@30 (colour bars, moving gradient and box), pipeline = [ { encode = FORMAT } ], sinks = [ images ], the service as shipped (HTTP API, live view, health checks, /metrics scraped every second)",
            runs,
            target = "0 frames lost over 60 s at 30 frames/s (--seconds 60)",
        };
    }

    private static async Task<object> RecordAsync(string format, int seconds)
    {
        string root = Directory.CreateTempSubdirectory($"bench-lossless-{format}-").FullName;
        object result;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.lab {{\n width = 1920\n height = 1080\n frame-rate = 30\n pipeline = [ {{ encode = {format} }} ]\n sinks = [ images ]\n}}"))
        {
            await service.WaitForAsync("lab", s => s.FramesDelivered > 90);
            await service.WaitForJitQuietAsync();
            var before = await service.PipelineAsync("lab");
            double cpu0 = service.CpuSeconds;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            double cpu = service.CpuSeconds - cpu0;
            double wall = clock.Elapsed.TotalSeconds;
            var after = await service.PipelineAsync("lab");
            var status = await service.StatusAsync("lab");
            long Delta(string stage, Func<ShippedService.StageCounts, long> value) => after.Where(s => s.Stage == stage).Sum(value) - before.Where(s => s.Stage == stage).Sum(value);
            long captured = Delta("source", s => s.FramesIn);
            long written = Delta("sink:images", s => s.FramesOut);
            long lost = after.Sum(s => s.Dropped.Values.Sum()) - before.Sum(s => s.Dropped.Values.Sum());
            var images = Directory.GetFiles(Path.Combine(root, "recordings"), $"*.{format}", SearchOption.AllDirectories);
            long bytes = images.Sum(f => new FileInfo(f).Length);
            result = new
            {
                captured,
                written,
                lost,
                health = status.Health,
                side = RunSide.Of(written, cpu, wall),
                cpuPercentOfOneCore = Math.Round(100 * cpu / wall, 1),
                megabytesPerImage = Math.Round(bytes / 1e6 / Math.Max(images.Length, 1), 2),
            };
        }

        Directory.Delete(root, recursive: true);
        return result;
    }
}
