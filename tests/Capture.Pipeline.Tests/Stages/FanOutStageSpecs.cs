using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>Fan-out and sink loops over plain channels: back-pressure, drop-oldest, failing sinks, no leaks.</summary>
public sealed class FanOutStageSpecs
{
    private readonly FramePool _pool = new();

    [Fact]
    public async Task Back_pressure_should_block_the_fan_out_without_losing_a_frame()
    {
        var (input, run) = Pipeline([(new RecordingSink("slow", TimeSpan.FromMilliseconds(5)), new ChannelSettings(2, BoundedChannelFullMode.Wait))], out var sinks, out var metrics);

        for (int i = 0; i < 60; i++)
        {
            await input.Writer.WriteAsync(TestFrames.Raw(_pool, i));
        }

        input.Writer.Complete();
        await run;

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), sinks[0].Sequences);
        Assert.Equal(0, metrics[0].DroppedTotal);
        Assert.True(sinks[0].Completed);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_drop_oldest_sink_should_drop_and_count_while_a_recording_sink_gets_everything()
    {
        var live = new RecordingSink("live", TimeSpan.FromMilliseconds(20));
        var record = new RecordingSink("record");
        var (input, run) = Pipeline([(live, new ChannelSettings(1, BoundedChannelFullMode.DropOldest)), (record, new ChannelSettings(4, BoundedChannelFullMode.Wait))], out _, out var metrics);

        for (int i = 0; i < 100; i++)
        {
            await input.Writer.WriteAsync(TestFrames.Raw(_pool, i));
        }

        input.Writer.Complete();
        await run;

        Assert.Equal(100, record.Sequences.Count);
        Assert.True(live.Sequences.Count < 50, $"live wrote {live.Sequences.Count}");
        Assert.Equal(100 - live.Sequences.Count, metrics[0].Dropped(DropReason.QueueFull));
        Assert.Equal(99, live.Sequences[^1]);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_sink_that_throws_should_be_counted_and_reported_once_without_stopping_the_others()
    {
        var faults = new List<string>();
        var broken = new RecordingSink("broken", fail: true);
        var fine = new RecordingSink("fine");
        var (input, run) = Pipeline([(broken, ChannelSettings.Recording), (fine, ChannelSettings.Recording)], out _, out var metrics, (stage, e) => faults.Add($"{stage}: {e.Message}"));

        for (int i = 0; i < 30; i++)
        {
            await input.Writer.WriteAsync(TestFrames.Raw(_pool, i));
        }

        input.Writer.Complete();
        await run;

        Assert.Equal(30, fine.Sequences.Count);
        Assert.Equal(30, metrics[0].Dropped(DropReason.SinkFailed));
        Assert.Equal(["sink:broken: sink broken is broken"], faults);
        Assert.True(broken.Completed);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task Cancellation_should_release_every_queued_frame()
    {
        using var cancel = new CancellationTokenSource();
        var stuck = new RecordingSink("stuck", TimeSpan.FromHours(1));
        var (input, run) = Pipeline([(stuck, new ChannelSettings(8, BoundedChannelFullMode.Wait))], out _, out _, token: cancel.Token);
        for (int i = 0; i < 6; i++)
        {
            await input.Writer.WriteAsync(TestFrames.Raw(_pool, i));
        }

        await Task.Delay(100);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        FrameChannel.Drain(input.Reader);

        Assert.True(stuck.Completed);
        Assert.Equal(0, _pool.Outstanding);
    }

    private static (Channel<VideoFrame> Input, Task Run) Pipeline(
        (RecordingSink Sink, ChannelSettings Queue)[] sinks, out RecordingSink[] sinkList, out StageMetrics[] metrics, StageFault? fault = null, CancellationToken token = default)
    {
        var fanOutMetrics = new StageMetrics("cam-1", "fan-out");
        var input = FrameChannel.Create(new ChannelSettings(4, BoundedChannelFullMode.Wait), fanOutMetrics);
        var writers = new List<ChannelWriter<VideoFrame>>();
        var loops = new List<Task>();
        var sinkMetrics = new StageMetrics[sinks.Length];
        foreach (var (sink, queue) in sinks)
        {
            var stageMetrics = new StageMetrics("cam-1", $"sink:{sink.Name}");
            var channel = FrameChannel.Create(queue, stageMetrics);
            sinkMetrics[writers.Count] = stageMetrics;
            writers.Add(channel.Writer);
            loops.Add(Task.Run(() => new SinkStage(channel.Reader, sink, stageMetrics, fault).RunAsync(token), CancellationToken.None));
        }

        metrics = sinkMetrics;
        sinkList = [.. sinks.Select(s => s.Sink)];
        loops.Add(Task.Run(() => new FanOutStage(input.Reader, writers, fanOutMetrics).RunAsync(token), CancellationToken.None));
        return (input, Task.WhenAll(loops));
    }
}
