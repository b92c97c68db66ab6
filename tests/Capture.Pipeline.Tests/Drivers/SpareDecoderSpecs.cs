using Capture.Core.Frames;
using Capture.Drivers.Ffmpeg;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>Pictures on demand from H.264: the newest picture of the group, from decoders started before they are asked for, none left once nobody asks.</summary>
public sealed class SpareDecoderSpecs : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FramePool _pool = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("spare-").FullName;

    [ToolFact("ffmpeg")]
    public async Task A_picture_on_demand_should_be_the_newest_of_the_group_and_leave_spares_that_stop_when_nobody_asks()
    {
        // Its own ffmpeg path, so that spares left by other specs are not counted.
        string ffmpeg = Path.Combine(_folder, "ffmpeg");
        File.CreateSymbolicLink(ffmpeg, Tools.Find("ffmpeg")!);
        var frames = await TestStreams.H264Async(_pool, 12, DateTime.UtcNow);
        var idle = SpareDecoder.IdleLifetime;
        SpareDecoder.IdleLifetime = TimeSpan.FromSeconds(2);
        try
        {
            Assert.Equal(0, SpareDecoder.Count(ffmpeg));
            byte[] expected = await LastPictureOfAsync(frames, ffmpeg);

            using (var first = await FfmpegVideoDecoder.DecodeLastAsync(frames, _pool, CancellationToken.None, ffmpeg).WaitAsync(Bound))
            {
                Assert.Equal(expected, first.Data.ToArray());
            }

            await Eventually.UntilAsync(() => SpareDecoder.Count(ffmpeg) == 2, "two spare decoders waiting", TimeSpan.FromSeconds(10));
            using (var second = await FfmpegVideoDecoder.DecodeLastAsync(frames[..5], _pool, CancellationToken.None, ffmpeg).WaitAsync(Bound))
            {
                Assert.Equal(await LastPictureOfAsync(frames[..5], ffmpeg), second.Data.ToArray()); // a spare serves any group
            }

            using (var keyframe = await FfmpegVideoDecoder.DecodeLastAsync(frames[..1], _pool, CancellationToken.None, ffmpeg).WaitAsync(Bound))
            {
                Assert.Equal(await LastPictureOfAsync(frames[..1], ffmpeg), keyframe.Data.ToArray());
            }

            await Eventually.UntilAsync(() => SpareDecoder.Count(ffmpeg) == 0, "the spares stopped", TimeSpan.FromSeconds(15));
        }
        finally
        {
            SpareDecoder.IdleLifetime = idle;
            frames.ForEach(frame => frame.Dispose());
        }
    }

    [ToolFact("ffmpeg")]
    public async Task A_picture_asked_for_from_a_thread_outside_the_pool_should_not_wait_on_itself()
    {
        // Off the pool, ffmpeg's pipe is read with blocking reads: the picture must not be read there before the frames are written (CI hung on it).
        var frames = await TestStreams.H264Async(_pool, 6, DateTime.UtcNow);
        try
        {
            var asked = new TaskCompletionSource<VideoFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            var own = new Thread(() =>
            {
                try
                {
                    asked.SetResult(FfmpegVideoDecoder.DecodeLastAsync(frames, _pool, CancellationToken.None).GetAwaiter().GetResult());
                }
                catch (Exception e)
                {
                    asked.SetException(e);
                }
            }) { IsBackground = true };
            own.Start();

            using var picture = await asked.Task.WaitAsync(Bound);
            Assert.Equal(await LastPictureOfAsync(frames, "ffmpeg"), picture.Data.ToArray());
        }
        finally
        {
            frames.ForEach(frame => frame.Dispose());
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The last picture a decoder of the whole stream gives: what a picture on demand must equal.</summary>
    private async Task<byte[]> LastPictureOfAsync(List<VideoFrame> frames, string ffmpeg)
    {
        await using var decoder = FfmpegVideoDecoder.Start(frames[0].Info.Stream!, ffmpeg: ffmpeg);
        var reading = Task.Run(async () =>
        {
            byte[] last = [];
            while (await decoder.ReadAsync(_pool, CancellationToken.None) is { } picture)
            {
                using (picture)
                {
                    last = picture.Data.ToArray();
                }
            }

            return last;
        });
        foreach (var frame in frames)
        {
            await decoder.WriteAsync(frame, CancellationToken.None);
        }

        decoder.Complete();
        return await reading;
    }
}
