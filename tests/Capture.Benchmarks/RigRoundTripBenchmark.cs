using System.Diagnostics;
using Capture.Core.Imaging;
using Capture.Pipeline.Testing;

namespace Capture.Benchmarks;

/// <summary>100 synthetic cameras capturing; ApplyConstraints and TakePhoto round-trips through the rig's typed client.</summary>
internal static class RigRoundTripBenchmark
{
    private const int Cameras = 100;
    private const int Clients = 10;

    public static async Task<object> RunAsync(int seconds)
    {
        using var system = BenchActorSystem.Create("bench", "akka.loglevel = WARNING");
        string cameras = string.Join('\n', Enumerable.Range(0, Cameras).Select(i => $"cam-{i:D3} {{ width = 320, height = 240, frame-rate = 5 }}"));
        var rig = SyntheticRig.FromHocon(system, $"capture.cameras {{ {cameras} }}");
        await Task.WhenAll(Enumerable.Range(0, Cameras).Select(i => rig.Client.Camera($"cam-{i:D3}").GetSettingsAsync()));

        var apply = await MeasureAsync(Math.Max(1, seconds / 2.0), async (client, n) =>
            await rig.Client.Camera($"cam-{(client * 10) + (n % 10):D3}").ApplyConstraintsAsync(new() { Zoom = 1 + (n % 30 * 0.1) }));
        var photo = await MeasureAsync(Math.Max(1, seconds / 2.0), async (client, n) =>
            await rig.Client.Camera($"cam-{(client * 10) + (n % 10):D3}").TakePhotoAsync(new PhotoSettings { ImageWidth = 640, ImageHeight = 480 }));

        var shutdown = await rig.Client.ShutdownAsync();
        return new
        {
            cameras = Cameras,
            cameraMode = "320x240@5 each, capturing throughout",
            concurrentClients = Clients,
            applyConstraints = apply,
            takePhoto640x480 = photo,
            stoppedCleanly = shutdown.Stopped.Length,
        };
    }

    private static async Task<object> MeasureAsync(double seconds, Func<int, int, Task> call)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            for (int n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
            {
                long start = Stopwatch.GetTimestamp();
                await call(client, n);
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                }
            }
        }));

        latencies.Sort();
        return new
        {
            calls = latencies.Count,
            perSecond = Math.Round(latencies.Count / clock.Elapsed.TotalSeconds, 1),
            p50Ms = Math.Round(Percentile(latencies, 0.50), 2),
            p99Ms = Math.Round(Percentile(latencies, 0.99), 2),
            maxMs = Math.Round(latencies[^1], 2),
        };
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
