using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Capture.Host;

namespace Capture.Benchmarks;

/// <summary>How many MJPEG viewers one 720p30 camera serves before a viewer misses frames, and the service's CPU per viewer.</summary>
/// <remarks>
/// The viewers are one separate <c>curl --parallel</c> process on 127.0.0.1 holding every connection, so the CPU measured is the
/// service's alone; frames per viewer are its bytes over the bytes per frame of the single-viewer run.
/// </remarks>
internal static class LiveViewBenchmark
{
    public static async Task<object> RunAsync(int seconds)
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("viewers-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        await File.WriteAllTextAsync(config, "akka.loglevel = WARNING\ncapture.hot-reload = off\ncapture.cameras.cam { width = 1280, height = 720, frame-rate = 30 }");
        string url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var app = CaptureWebApp.Build(["--config", config, "--urls", url, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"], Console.Error)!;
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        await Task.Delay(2000);

        var rows = new List<object>();
        double idleCpu = 0, bytesPerFrame = 0;
        int sustained = 0;
        foreach (int viewers in new[] { 0, 1, 4, 16, 32, 64 })
        {
            var (produced, received, cpu) = await MeasureAsync(client, url, viewers, Math.Max(4, seconds / 2));
            if (viewers == 0)
            {
                idleCpu = cpu;
            }

            // The single viewer gets every frame (checked by its share below), which calibrates bytes per frame.
            if (viewers == 1)
            {
                bytesPerFrame = received[0] / (double)produced;
            }

            double worst = viewers == 0 ? 1 : received.Min() / bytesPerFrame / produced;
            if (viewers > 0 && worst >= 0.95)
            {
                sustained = viewers;
            }

            rows.Add(new
            {
                viewers,
                cameraFps = Math.Round(produced / (double)Math.Max(4, seconds / 2), 1),
                worstViewerShareOfFrames = Math.Round(worst, 3),
                serviceCpuPercentOfOneCore = Math.Round(cpu, 1),
                cpuPerViewerPercent = viewers == 0 ? 0 : Math.Round((cpu - idleCpu) / viewers, 2),
            });
        }

        await app.StopAsync();
        await app.DisposeAsync();
        return new { camera = "1280x720@30, JPEG q80 encoded once for all viewers", viewersWithEveryFrame = sustained, runs = rows };
    }

    private static async Task<(long Produced, long[] Received, double CpuPercent)> MeasureAsync(HttpClient client, string url, int viewers, int seconds)
    {
        long before = await FramesAsync(client);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long[] received = viewers == 0 ? [] : await Task.Run(() => Curl($"{url}/api/cameras/cam/live", viewers, seconds));
        if (viewers == 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        long produced = await FramesAsync(client) - before;

        // curl starts and stops a little apart from the window: compare against the camera's rate over the viewer's own time.
        return ((long)(produced * (seconds / elapsed)), received, 100 * cpu / elapsed);
    }

    /// <summary>One curl process holding <paramref name="viewers"/> connections; returns the bytes each received.</summary>
    private static long[] Curl(string url, int viewers, int seconds)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-s", "--parallel", "--parallel-immediate", "--parallel-max", "100", "--max-time", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        for (int i = 0; i < viewers; i++)
        {
            start.ArgumentList.Add(url);
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add("/dev/null");
            start.ArgumentList.Add("-w");
            start.ArgumentList.Add("%{size_download}\n");
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static async Task<long> FramesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/cameras/cam")).GetProperty("framesDelivered").GetInt64();
}
