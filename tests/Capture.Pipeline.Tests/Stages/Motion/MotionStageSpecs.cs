using System.Collections.Concurrent;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Tests.Stages.Motion;

/// <summary>The motion branch as the fan-out feeds it: every frame of a 30 fps camera, decoded and looked at 5 times a second.</summary>
public sealed class MotionStageSpecs
{
    [Fact]
    public async Task A_crossing_at_30_fps_should_be_one_event_with_a_snapshot_and_the_skipped_frames_counted_as_decimated()
    {
        var scene = new MotionScene { Object = MotionScene.Crossings(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)) };
        var published = new ConcurrentQueue<MotionEvent>();
        var stage = new MotionStage(new CameraId("cam-1"), MotionSettings.Default, published.Enqueue);
        const int Frames = 30 * 12;

        for (int i = 0; i < Frames; i++)
        {
            using var frame = scene.Frame(TimeSpan.FromSeconds(i / 30.0), i);
            await stage.WriteAsync(frame, CancellationToken.None);
        }

        await stage.CompleteAsync(CancellationToken.None);
        stage.Dispose();

        Assert.Equal([MotionEventPhase.Start, MotionEventPhase.End], published.Select(e => e.Phase));
        var start = published.First();
        Assert.Equal("all", start.Zone);
        Assert.True(start.Snapshot.Length > 1000 && start.Snapshot.Span[0] == 0xFF && start.Snapshot.Span[1] == 0xD8, "the start carries a JPEG of its frame");
        Assert.True(published.Last().Snapshot.IsEmpty);
        Assert.Equal(Frames, stage.Metrics.FramesIn);
        Assert.InRange(stage.Metrics.FramesOut, (Frames / 6) - 2, (Frames / 6) + 2);
        Assert.Equal(Frames - stage.Metrics.FramesOut, stage.Metrics.Dropped(DropReason.Decimated));
        Assert.Equal(0, stage.Metrics.Dropped(DropReason.QueueFull));
    }

    [Fact]
    public async Task Capture_times_that_jitter_should_still_be_looked_at_five_times_a_second()
    {
        // A timer-driven camera: each frame up to 5 ms early or late. Spacing by the last frame passed gave 4.5 a second.
        var scene = new MotionScene();
        var stage = new MotionStage(new CameraId("cam-1"), MotionSettings.Default, _ => { });
        var random = new Random(7);

        for (int i = 0; i < 30 * 20; i++)
        {
            using var frame = scene.Frame(TimeSpan.FromSeconds(i / 30.0) + TimeSpan.FromMilliseconds(random.Next(-5, 6)), i);
            await stage.WriteAsync(frame, CancellationToken.None);
        }

        await stage.CompleteAsync(CancellationToken.None);
        stage.Dispose();

        Assert.InRange(stage.Metrics.FramesOut, (5 * 20) - 1, (5 * 20) + 1);
    }

    [Fact]
    public async Task A_camera_stopped_during_an_event_should_end_it()
    {
        var scene = new MotionScene { Object = time => time > TimeSpan.FromSeconds(2) ? (0.5, 0.5) : null };
        var published = new ConcurrentQueue<MotionEvent>();
        var stage = new MotionStage(new CameraId("cam-1"), MotionSettings.Default with { EndAfter = TimeSpan.FromMinutes(1) }, published.Enqueue);

        for (int i = 0; i < 30 * 4; i++)
        {
            using var frame = scene.Frame(TimeSpan.FromSeconds(i / 30.0), i);
            await stage.WriteAsync(frame, CancellationToken.None);
        }

        await stage.CompleteAsync(CancellationToken.None);
        stage.Dispose();

        Assert.Equal(MotionEventPhase.End, published.Last().Phase);
        Assert.Equal(published.First().Id, published.Last().Id);
    }
}
