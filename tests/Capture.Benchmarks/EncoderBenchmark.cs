using System.Buffers;
using System.Diagnostics;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Benchmarks;

/// <summary>Bare JPEG encoders on the same pre-made 1280×720 BGRA frame: the ceiling any pipeline can reach.</summary>
internal static class EncoderBenchmark
{
    public static async Task<object> RunAsync(int seconds)
    {
        var camera = new SyntheticCameraDriver("bench");
        await using var devices = new MediaDevices(camera);
        var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = new MediaTrackConstraints { Width = 1280, Height = 720 } });
        using var frame = await new ImageCapture(stream.GetVideoTracks()[0]).GrabFrameAsync();
        stream.GetVideoTracks()[0].Stop();

        var encoders = new List<(string Name, IImageEncoder Encoder)> { ("skia", SkiaImageEncoder.Jpeg) };
        if (TurboJpegEncoder.IsAvailable)
        {
            encoders.Insert(0, ("turbojpeg", new TurboJpegEncoder()));
        }

        var results = new Dictionary<string, object>();
        var output = new ArrayBufferWriter<byte>(1 << 20);
        foreach (var (name, encoder) in encoders)
        {
            int count = 0;
            long bytes = 0, allocatedBefore = 0;
            var clock = Stopwatch.StartNew();
            double budget = Math.Max(1, seconds / 2.0);
            while (clock.Elapsed.TotalSeconds < budget)
            {
                output.ResetWrittenCount();
                encoder.Encode(ImageView.Of(frame), 85, output);
                bytes += output.WrittenCount;
                if (++count == 10)
                {
                    allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                }
            }

            double fps = count / clock.Elapsed.TotalSeconds;
            results[name] = new
            {
                framesPerSecondOneCore = Math.Round(fps, 1),
                meanJpegBytes = bytes / count,
                allocatedBytesPerFrame = Math.Round((double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (count - 10), 1),
            };
        }

        return new { resolution = "1280x720", quality = 85, encoders = results };
    }
}
