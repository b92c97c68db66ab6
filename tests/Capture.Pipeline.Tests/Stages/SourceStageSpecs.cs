using System.Threading.Channels;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>The source stage: every frame a camera delivers after its track is attached reaches the pipeline or is counted.</summary>
public sealed class SourceStageSpecs
{
    [Fact]
    public async Task Frames_delivered_before_the_stage_first_reads_should_reach_the_pipeline()
    {
        // A loaded machine can start the stage's loop seconds after the camera opened (seen in CI: a recording's
        // first session never reached the disk). The track's reader exists from Attach on, so nothing is lost meanwhile.
        await using var camera = new SyntheticCameraDriver("early");
        await using var devices = new MediaDevices(camera);
        var stream = await devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { Width = 160, Height = 120, FrameRate = 60 } });
        var track = stream.GetVideoTracks()[0];
        var output = Channel.CreateUnbounded<VideoFrame>();
        using var stage = new SourceStage(output.Writer, new ChannelSettings(64, BoundedChannelFullMode.DropOldest), new StageMetrics("early", "source"));

        stage.Attach(track);
        await Eventually.UntilAsync(() => track.Stats.DeliveredFrames >= 10, "ten frames delivered");
        track.Stop();
        long delivered = track.Stats.DeliveredFrames;
        var running = stage.RunAsync(CancellationToken.None);

        long received = 0;
        await Eventually.UntilAsync(() =>
        {
            while (output.Reader.TryRead(out var frame))
            {
                frame.Dispose();
                received++;
            }

            return received >= delivered;
        }, $"the {delivered} frames delivered before the loop ran");
        stage.Complete();
        await running;

        Assert.Equal(delivered, received);
        Assert.Equal(0, stage.Metrics.DroppedTotal);
        Assert.Equal(0, camera.Pool.Outstanding);
    }
}
