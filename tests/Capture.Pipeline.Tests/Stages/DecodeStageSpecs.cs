using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>The decode stage on H.264 frames already received: one decoder child at a time, renewed before it grows.</summary>
public sealed class DecodeStageSpecs
{
    private readonly FramePool _pool = new();

    [ToolFact("ffmpeg")]
    public async Task A_decoder_fed_long_enough_should_be_renewed_at_a_keyframe_without_losing_a_picture()
    {
        // Four seconds of 15 fps with a keyframe a second; a decoder is renewed after a second of frames.
        var frames = await TestStreams.H264Async(_pool, 60, new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc));
        var fed = frames.Select(f => f.Info.Sequence).ToList(); // the stage owns the frames once they are written
        using var stage = new DecodeStage(renewAfter: TimeSpan.FromSeconds(1));
        var input = FrameChannel.Create(new ChannelSettings(64, BoundedChannelFullMode.Wait), new StageMetrics("cam-1", "source"));
        var output = FrameChannel.Create(new ChannelSettings(64, BoundedChannelFullMode.Wait), new StageMetrics("cam-1", "next"));
        var metrics = new StageMetrics("cam-1", "decode");
        var running = stage.RunAsync(input.Reader, output.Writer, metrics, null, CancellationToken.None);
        var sequences = new List<long>();
        var reading = Task.Run(async () =>
        {
            await foreach (var picture in output.Reader.ReadAllAsync())
            {
                using (picture)
                {
                    Assert.Equal((VideoPixelFormat.Bgra32, 320, 240), (picture.Format, picture.Width, picture.Height));
                    sequences.Add(picture.Info.Sequence);
                }
            }
        });

        foreach (var frame in frames)
        {
            await input.Writer.WriteAsync(frame);
        }

        input.Writer.Complete();
        await running;
        await reading;

        Assert.Equal(4, stage.DecodersStarted); // at the keyframes of seconds 0, 1, 2 and 3
        Assert.Equal(fed, sequences); // every frame's picture, in order, across the renewals
        Assert.Equal((60L, 60L, 0L), (metrics.FramesIn, metrics.FramesOut, metrics.DroppedTotal));
        Assert.Equal((0L, 0L), (_pool.Outstanding, stage.Pool.Outstanding)); // every frame and picture given back
    }
}
