using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Capture.Benchmarks;

/// <summary>
/// Issue 14's figure: what a motion stage at 5 fps costs per camera, on a 720p30 source, in the service as shipped.
/// Each round runs the same cameras twice in fresh services, with and without <c>motion = on</c>, over the same
/// window length; the stage's cost is the difference of CPU per second, divided by the cameras.
/// </summary>
/// <remarks>
/// Two sources: synthetic 1280×720@30 (raw pixels: the detector alone) and RTSP H.264 1280×720@30 from
/// gst-rtsp-server, recorded to MP4 on both sides (as a surveillance camera is), where the motion branch also runs
/// its ffmpeg decoder at 5 fps. CPU is the service process and its children.
/// </remarks>
internal static partial class MotionBenchmark
{
    private const int Rounds = 3;
    private const int Cameras = 4;

    public static async Task<object> RunAsync(int seconds)
    {
        var synthetic = await CompareAsync(seconds, () => (null, "width = 1280, height = 720, frame-rate = 30, scene { still = on, object { every = 10s, crossing = 4s } }"), "synthetic");
        var rtsp = await CompareAsync(
            seconds,
            () =>
            {
                // A fresh test server each round: gst-rtsp-server has been seen to stop answering after many sessions.
                var server = RtspTestServer.Start("1280x720", 30);
                return (server, $"source = rtsp, url = \"{server.Url}\", frame-rate = 30, sinks = [ video ]");
            },
            "rtsp");

        return new
        {
            cameras = Cameras,
            motion = "motion = on: 5 fps, the whole view, default sensitivity",
            synthetic = new { source = "synthetic 1280x720@30, still view with a crossing object (raw BGRA: the detector alone)", rounds = synthetic },
            rtsp = new { source = "RTSP H.264 1280x720@30 (gst-rtsp-server, 127.0.0.1), recorded to MP4 on both sides; the motion branch decodes at 5 fps through ffmpeg", rounds = rtsp },
            measured = "per round: fresh service with motion, then without, each after its JIT went quiet, over the same window; CPU of the service and its children",
            perCamera = "(CPU seconds per wall second with motion - without) / cameras, in % of one core",
        };
    }

    /// <summary>Rounds of with and without; a round that fails is recorded with its error and the next one runs. Each round is printed to stderr as it ends.</summary>
    private static async Task<List<object>> CompareAsync(int seconds, Func<(IDisposable? Server, string Camera)> startRound, string name)
    {
        var rounds = new List<object>();
        for (int round = 0; round < Rounds; round++)
        {
            var (server, camera) = startRound();
            object result;
            try
            {
                var with = await MeasureAsync(seconds, camera, motion: true);
                var without = await MeasureAsync(seconds, camera, motion: false);
                double perCamera = 100 * ((with.Delivered.CpuSeconds / with.Delivered.WallSeconds) - (without.Delivered.CpuSeconds / without.Delivered.WallSeconds)) / Cameras;
                result = new { round, withMotion = with, withoutMotion = without, motionPercentOfOneCorePerCamera = Math.Round(perCamera, 2) };
            }
            catch (Exception e) when (e is TimeoutException or HttpRequestException)
            {
                result = new { round, error = e.Message, server = (server as RtspTestServer)?.Describe() };
            }
            finally
            {
                server?.Dispose();
            }

            Console.Error.WriteLine($"motion ({name}): {System.Text.Json.JsonSerializer.Serialize(result)}");
            rounds.Add(result);
        }

        return rounds;
    }

    private static async Task<Side> MeasureAsync(int seconds, string camera, bool motion)
    {
        string root = Directory.CreateTempSubdirectory("bench-motion-").FullName;
        var ids = Enumerable.Range(0, Cameras).Select(i => $"cam-{i:D2}").ToList();
        string cameras = string.Join('\n', ids.Select(id => $"{id} {{\n{camera}\n{(motion ? "motion = on" : string.Empty)}\n}}"));
        Side side;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras {{\n{cameras}\n}}"))
        {
            foreach (var id in ids)
            {
                await service.WaitForAsync(id, s => s.FramesDelivered > 150);
            }

            await service.WaitForJitQuietAsync();
            long looked0 = LookedAt(await service.GetStringAsync("/metrics"));
            long delivered0 = await DeliveredAsync(service, ids);
            double cpu0 = service.CpuSeconds, decoders0 = service.DecoderCpuSeconds;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            double cpu = service.CpuSeconds - cpu0, decoders = service.DecoderCpuSeconds - decoders0;
            double wall = clock.Elapsed.TotalSeconds;
            long delivered = await DeliveredAsync(service, ids) - delivered0;
            long looked = LookedAt(await service.GetStringAsync("/metrics")) - looked0;
            side = new Side(RunSide.Of(delivered, cpu, wall), looked, Math.Round(decoders, 2), Math.Round(100 * cpu / wall, 1));
        }

        Directory.Delete(root, recursive: true);
        return side;
    }

    private static async Task<long> DeliveredAsync(ShippedService service, List<string> ids)
    {
        long total = 0;
        foreach (var id in ids)
        {
            total += (await service.StatusAsync(id)).FramesDelivered;
        }

        return total;
    }

    /// <summary>Frames the motion stages looked at so far, all cameras, from a scrape.</summary>
    private static long LookedAt(string exposition) =>
        MotionOutLine().Matches(exposition).Sum(m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""^capture_frames_out_total\{(?=[^}]*stage="motion")[^}]*\} (?<value>\d+)""", RegexOptions.Multiline)]
    private static partial Regex MotionOutLine();

    /// <summary>One side: frames the cameras delivered, CPU and wall seconds; the frames the motion stages looked at; the decoders' CPU.</summary>
    private sealed record Side(RunSide Delivered, long FramesLookedAt, double DecoderCpuSeconds, double CpuPercentOfOneCore);
}
