using System.Diagnostics;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;

namespace Capture.Benchmarks;

/// <summary>One synthetic camera at 1280×720@30 read by one reader: frames, drops, and managed allocation per frame in steady state.</summary>
internal static class SyntheticCaptureBenchmark
{
    public static async Task<object> RunAsync(int seconds)
    {
        var camera = new SyntheticCameraDriver("bench");
        await using var devices = new MediaDevices(camera);
        var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = new MediaTrackConstraints { Width = 1280, Height = 720, FrameRate = 30 } });
        var track = stream.GetVideoTracks()[0];
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8);

        // Warm-up: first frames fill the pools and JIT the paths.
        for (int i = 0; i < 60; i++)
        {
            (await reader.Readable.ReadAsync()).Dispose();
        }

        GC.Collect();
        var process = Process.GetCurrentProcess();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long frames = 0, gaps = 0, expected = -1;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var frame = await reader.Readable.ReadAsync();
            gaps += expected >= 0 && frame.Sequence != expected ? 1 : 0;
            expected = frame.Sequence + 1;
            frames++;
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        track.Stop();
        return new
        {
            resolution = "1280x720",
            targetFps = 30,
            seconds = Math.Round(elapsed, 2),
            frames,
            fps = Math.Round(frames / elapsed, 2),
            droppedByReader = reader.DroppedFrames,
            sequenceGaps = gaps,
            discardedFrames = track.Stats.DiscardedFrames,
            allocatedBytesPerFrame = Math.Round((double)allocated / frames, 1),
            gcCollections = new { gen0 = GC.CollectionCount(0) - gen0, gen1 = GC.CollectionCount(1) - gen1, gen2 = GC.CollectionCount(2) - gen2 },
            cpuPercentOfOneCore = Math.Round(100 * cpu / elapsed, 1),
        };
    }
}
