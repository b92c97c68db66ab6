using System.Diagnostics;

namespace Capture.Benchmarks;

/// <summary>What one GET /metrics costs the service, above what a static file costs, while it records an H.264 camera.</summary>
/// <remarks>
/// <see cref="ShippedService"/> scrapes the service once a second from this process throughout, in both windows alike. Each window sends the same number of extra requests at the same pace, so the difference of
/// the service's CPU between a window of <c>/metrics</c> and one of <c>/app.css</c>, over the requests, is the
/// exporter's own cost per scrape. Windows alternate A B A B; every window is printed.
/// </remarks>
internal static class ScrapeCostBenchmark
{
    private const int Requests = 100;
    private static readonly TimeSpan s_pace = TimeSpan.FromMilliseconds(250);

    public static async Task<object> RunAsync(int seconds)
    {
        using var server = RtspTestServer.Start("1280x720", 30);
        string root = Directory.CreateTempSubdirectory("bench-scrape-").FullName;
        var windows = new List<object>();
        var costs = new List<double>();
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.cam {{ source = ffmpeg, url = \"{server.Url}\", frame-rate = 30, sinks = [ video ] }}"))
        {
            await service.WaitForAsync("cam", s => s.FramesDelivered > 300);
            await WindowAsync(service, "/metrics"); // both paths warmed up (compiled at their second tier) before any window counts
            await WindowAsync(service, "/app.css");
            await service.WaitForJitQuietAsync();
            for (int round = 0; round < 2; round++)
            {
                var metrics = await WindowAsync(service, "/metrics");
                var file = await WindowAsync(service, "/app.css");
                windows.Add(new { round, metrics, staticFile = file });
                costs.Add(Math.Round((metrics.CpuSeconds - file.CpuSeconds) / Requests * 1000, 2));
            }
        }

        Directory.Delete(root, recursive: true);
        return new
        {
            service = "the service as shipped recording one RTSP H.264 720p30 camera (sinks = [ video ]), scraped once a second throughout",
            requests = $"{Requests} GETs per window, one every {s_pace.TotalMilliseconds} ms, one keep-alive connection",
            windows,
            metricsCpuMsPerRequestAboveStaticFile = costs,
        };
    }

    private static async Task<Window> WindowAsync(ShippedService service, string path)
    {
        double cpu0 = service.ProcessCpuSeconds; // the service process alone: its ffmpeg is not scraped
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        for (int i = 0; i < Requests; i++)
        {
            bytes += (await service.GetStringAsync(path)).Length;
            await Task.Delay(s_pace);
        }

        double cpu = service.ProcessCpuSeconds - cpu0;
        return new Window(path, Requests, Math.Round(cpu, 2), Math.Round(clock.Elapsed.TotalSeconds, 2), bytes / Requests);
    }

    private sealed record Window(string Path, int Requests, double CpuSeconds, double WallSeconds, long BytesPerResponse);
}
