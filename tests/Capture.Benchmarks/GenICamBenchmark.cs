using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Capture.Benchmarks;

/// <summary>
/// Ingest of a machine-vision camera: 2048×2048 Mono8 at 25 fps from Debian's GigE Vision test camera
/// (<c>arv-fake-gv-camera-0.8</c> on 127.0.0.1), read by the shipped service (one <c>source = genicam</c> camera,
/// no recording: its live view and metrics on, scraped every second) and by Aravis's own <c>arv-camera-test-0.8</c>,
/// alternately, in one run. A fresh test camera for each side; its own CPU is charged to neither.
/// </summary>
internal static partial class GenICamBenchmark
{
    private const int Rounds = 3;
    private const string Camera = "source = genicam, device = \"127.0.0.1\", width = 2048, height = 2048, frame-rate = 25";

    public static async Task<object> IngestAsync(int seconds)
    {
        var rounds = new List<object>();
        for (int round = 1; round <= Rounds; round++)
        {
            var reference = await ReferenceAsync(seconds);
            var ours = await OursAsync(seconds);
            var result = new { round, ours, reference, oursOverReferencePerCpuSecond = Math.Round(ours.FramesPerCpuSecond / reference.FramesPerCpuSecond, 3) };
            Console.Error.WriteLine($"genicam-ingest: {System.Text.Json.JsonSerializer.Serialize(result)}");
            rounds.Add(result);
        }

        return new
        {
            camera = "arv-fake-gv-camera-0.8 -i 127.0.0.1: 2048x2048 Mono8 at 25 fps, GigE Vision on loopback",
            ours = "the shipped service, one genicam camera, no sinks (live view and metrics on), measured after its JIT went quiet",
            reference = "arv-camera-test-0.8 -n 127.0.0.1 -w 2048 -h 2048 -f 25, from its start to SIGINT (its buffers completed, as it reports them)",
            ratio = "frames per CPU-second, ours over the reference's",
            rounds,
        };
    }

    /// <summary>Mono16 2048×2048 at 25 fps recorded losslessly (16-bit PNG, an images sink): what reaches the disk, and at what CPU.</summary>
    public static async Task<object> LosslessAsync(int seconds)
    {
        var rounds = new List<object>();
        for (int round = 1; round <= Rounds; round++)
        {
            using var camera = FakeCamera();
            string root = Directory.CreateTempSubdirectory("bench-genicam16-").FullName;
            object result;
            await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.gige {{ {Camera}, pixel-format = mono16, pipeline = [ {{ encode = png }} ], sinks = [ images ] }}"))
            {
                await service.WaitForAsync("gige", s => s.FramesDelivered > 100);
                await service.WaitForJitQuietAsync();
                long delivered0 = (await service.StatusAsync("gige")).FramesDelivered;
                long written0 = Written(await service.PipelineAsync("gige"));
                double cpu0 = service.CpuSeconds;
                var clock = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                double cpu = service.CpuSeconds - cpu0, wall = clock.Elapsed.TotalSeconds;
                long delivered = (await service.StatusAsync("gige")).FramesDelivered - delivered0;
                long written = Written(await service.PipelineAsync("gige")) - written0;
                long bytes = Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Take(50).Sum(f => new FileInfo(f).Length);
                int sampled = Math.Min(50, Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Length);
                result = new
                {
                    round,
                    delivered = RunSide.Of(delivered, cpu, wall),
                    written,
                    writtenPerSecond = Math.Round(written / wall, 1),
                    percentOfOneCore = Math.Round(100 * cpu / wall, 1),
                    meanPngBytes = sampled == 0 ? 0 : bytes / sampled,
                };
            }

            Directory.Delete(root, recursive: true);
            StopCamera(camera);
            Console.Error.WriteLine($"genicam-lossless: {System.Text.Json.JsonSerializer.Serialize(result)}");
            rounds.Add(result);
        }

        return new
        {
            camera = "arv-fake-gv-camera-0.8 -i 127.0.0.1: 2048x2048 Mono16 at 25 fps (8 MiB a frame)",
            service = "the shipped service: one genicam camera, pixel-format = mono16, pipeline = [ { encode = png } ], sinks = [ images ]; measured after its JIT went quiet",
            written = "frames the images sink wrote in the window (its stage counter); the PNG size from up to 50 files",
            rounds,
        };
    }

    private static long Written(IReadOnlyList<ShippedService.StageCounts> stages) => stages.FirstOrDefault(s => s.Stage == "sink:images")?.FramesOut ?? 0;

    private static async Task<RunSide> ReferenceAsync(int seconds)
    {
        using var camera = FakeCamera();
        var start = new ProcessStartInfo("stdbuf", ["-oL", "arv-camera-test-0.8", "-n", "127.0.0.1", "-w", "2048", "-h", "2048", "-f", "25"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var test = Process.Start(start)!;
        var output = test.StandardOutput.ReadToEndAsync();
        _ = test.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        double cpu = ChildProcesses.TreeCpuSeconds(test.Id);
        using (var interrupt = Process.Start("kill", ["-INT", test.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await test.WaitForExitAsync();
        double wall = clock.Elapsed.TotalSeconds;
        var completed = Completed().Match(await output);
        long frames = completed.Success ? long.Parse(completed.Groups["n"].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"arv-camera-test-0.8 reported no buffers:\n{await output}");
        StopCamera(camera);
        return RunSide.Of(frames, cpu, wall);
    }

    private static async Task<RunSide> OursAsync(int seconds)
    {
        using var camera = FakeCamera();
        string root = Directory.CreateTempSubdirectory("bench-genicam-").FullName;
        RunSide side;
        await using (var service = await ShippedService.StartAsync(root, $"capture.cameras.gige {{ {Camera} }}"))
        {
            await service.WaitForAsync("gige", s => s.FramesDelivered > 100);
            await service.WaitForJitQuietAsync();
            long frames0 = (await service.StatusAsync("gige")).FramesDelivered;
            double cpu0 = service.CpuSeconds;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            double cpu = service.CpuSeconds - cpu0;
            double wall = clock.Elapsed.TotalSeconds;
            side = RunSide.Of((await service.StatusAsync("gige")).FramesDelivered - frames0, cpu, wall);
        }

        Directory.Delete(root, recursive: true);
        StopCamera(camera);
        return side;
    }

    private static Process FakeCamera()
    {
        var camera = Process.Start(new ProcessStartInfo("arv-fake-gv-camera-0.8", ["-i", "127.0.0.1"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _ = camera.StandardOutput.ReadToEndAsync();
        _ = camera.StandardError.ReadToEndAsync();
        return camera;
    }

    private static void StopCamera(Process camera)
    {
        camera.Kill();
        camera.WaitForExit();
    }

    [GeneratedRegex(@"^n_completed_buffers\s*=\s*(?<n>\d+)", RegexOptions.Multiline)]
    private static partial Regex Completed();
}
