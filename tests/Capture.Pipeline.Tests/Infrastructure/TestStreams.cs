using Capture.Core.Frames;
using Capture.Core.Video;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>A real H.264 stream for specs that need no camera: ffmpeg's test pattern, read back the way the ffmpeg driver reads a camera.</summary>
internal static class TestStreams
{
    /// <summary><paramref name="count"/> frames of 320×240 H.264 at 15 fps, a keyframe a second, each stamped <paramref name="start"/> plus its presentation time.</summary>
    public static async Task<List<VideoFrame>> H264Async(FramePool pool, int count, DateTime start)
    {
        string file = Path.Combine(Path.GetTempPath(), $"stream-{Guid.NewGuid():N}.mp4");
        Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-frames:v", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-g", "15", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "mp4", "-movflags", "frag_every_frame+empty_moov+default_base_moof", file);
        try
        {
            await using var stream = File.OpenRead(file);
            var reader = new FragmentedMp4Reader(stream);
            await reader.ReadInitAsync(CancellationToken.None);
            var frames = new List<VideoFrame>();
            while (await reader.ReadFrameAsync(pool, new VideoFrameInfo("cam-1", frames.Count, 0, 0, 0, VideoPixelFormat.H264, null, 0, default), CancellationToken.None) is { } frame)
            {
                frame.Reset(frame.Info with { UtcTime = start + frame.Info.DeviceTimestamp!.Value }, frame.Length);
                frames.Add(frame);
            }

            return frames;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
