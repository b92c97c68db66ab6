using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Capture.Core.Imaging;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Testing;

namespace Capture.Benchmarks;

/// <summary>100 synthetic cameras capturing; ApplyConstraints and TakePhoto round-trips through the rig's typed client.</summary>
internal static class RigRoundTripBenchmark
{
    private const int Cameras = 100;
    private const int Clients = 10;

    /// <summary>
    /// Once on the journal the service ships with (SQLite: a reply to applyConstraints or takePhoto waits for the
    /// write), once on the in-memory journal, once more on SQLite: the difference is the price of a durable state.
    /// </summary>
    public static async Task<object> RunAsync(int seconds)
    {
        var runs = new List<object>();
        foreach (var journal in new[] { StateJournal.Sqlite, StateJournal.Memory, StateJournal.Sqlite })
        {
            runs.Add(await RunAsync(seconds, journal));
        }

        return runs;
    }

    private static async Task<object> RunAsync(int seconds, StateJournal journal)
    {
        string folder = Directory.CreateTempSubdirectory("rig-round-trips-").FullName;
        var state = new StateSettings(journal, Path.Combine(folder, "state.db"), TimeSpan.FromSeconds(3));
        StateJournalConfig.Prepare(state);

        var (first, fresh) = await StartAsync(state);
        var apply = await MeasureAsync(Math.Max(1, seconds / 2.0), async (client, n) =>
            await first.Rig.Client.Camera($"cam-{(client * 10) + (n % 10):D3}").ApplyConstraintsAsync(new() { Zoom = 1 + (n % 30 * 0.1) }));
        var photo = await MeasureAsync(Math.Max(1, seconds / 2.0), async (client, n) =>
            await first.Rig.Client.Camera($"cam-{(client * 10) + (n % 10):D3}").TakePhotoAsync(new PhotoSettings { ImageWidth = 640, ImageHeight = 480 }));
        var shutdown = await first.Rig.Client.ShutdownAsync();
        await first.System.Terminate();

        // The same rig again: each camera first reads what it was left with (for SQLite, 100 recoveries).
        var (second, recalled) = await StartAsync(state);
        await second.Rig.Client.ShutdownAsync();
        await second.System.Terminate();
        Directory.Delete(folder, recursive: true);
        return new
        {
            journal = journal.ToString().ToLowerInvariant(),
            cameras = Cameras,
            cameraMode = "320x240@5 each, capturing throughout",
            concurrentClients = Clients,
            startToAllAnsweringMs = fresh,
            restartWithStateToAllAnsweringMs = recalled,
            applyConstraints = apply,
            takePhoto640x480 = photo,
            stoppedCleanly = shutdown.Stopped.Length,
        };
    }

    /// <summary>Starts the rig and returns it with the milliseconds until every camera answered GetSettings.</summary>
    private static async Task<((ActorSystem System, SyntheticRig Rig) Started, double Ms)> StartAsync(StateSettings state)
    {
        var clock = Stopwatch.StartNew();
        var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(StateJournalConfig.For(state))
            .WithFallback(CaptureHostingExtensions.ActorSystemDefaults));
        string cameras = string.Join('\n', Enumerable.Range(0, Cameras).Select(i => $"cam-{i:D3} {{ width = 320, height = 240, frame-rate = 5 }}"));
        var rig = SyntheticRig.FromHocon(system, $"capture.cameras {{ {cameras} }}");
        await Task.WhenAll(Enumerable.Range(0, Cameras).Select(i => rig.Client.Camera($"cam-{i:D3}").GetSettingsAsync()));
        return ((system, rig), Math.Round(clock.Elapsed.TotalMilliseconds, 1));
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
