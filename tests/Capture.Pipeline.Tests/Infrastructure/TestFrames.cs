using System.Diagnostics;
using Capture.Core.Frames;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>Frames made by hand, for stage specs that need no camera.</summary>
internal static class TestFrames
{
    public static VideoFrame Raw(FramePool pool, long sequence, int width = 64, int height = 48)
    {
        var info = new VideoFrameInfo("cam-1", sequence, width, height, width * 4, VideoPixelFormat.Bgra32, TimeSpan.FromMilliseconds(sequence * 33), Stopwatch.GetTimestamp(), DateTime.UtcNow);
        var frame = pool.Rent(info, width * height * 4);
        frame.GetWritableSpan().Fill((byte)(sequence * 7));
        return frame;
    }
}
