using System.Diagnostics.Metrics;
using Capture.Core.Frames;
using Capture.Pipeline.Diagnostics;
using Capture.Pipeline.Stages;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>The frame path's metrics through the OpenTelemetry SDK: what they report, and that counting a frame allocates nothing.</summary>
public sealed class PipelineMeterSpecs
{
    private readonly FramePool _pool = new();

    [Fact]
    public void Counting_frames_should_allocate_nothing_while_the_OpenTelemetry_SDK_listens()
    {
        const int Frames = 10_000, WarmUp = 100;
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter([.. CaptureMeters.Names]).AddInMemoryExporter(exported).Build();
        var stage = new StageMetrics("meter-alloc", "encode");
        PipelineMeter.Observe(stage);
        using var frame = TestFrames.Raw(_pool, 0);
        try
        {
            Count(stage, frame, WarmUp);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Count(stage, frame, Frames);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated < Frames, $"{allocated} bytes allocated for {Frames} frames");
            provider.ForceFlush();
            Assert.Equal(Frames + WarmUp, Sum(exported, "capture.frames.in"));
            Assert.Equal(Frames + WarmUp, Sum(exported, "capture.frames.out"));
            Assert.Equal(Frames + WarmUp, Sum(exported, "capture.frames.dropped", ("reason", "QueueFull")));
            var latency = exported.Single(m => m.Name == "capture.frame.latency");
            Assert.Equal("s", latency.Unit);
            Assert.Equal(Frames + WarmUp, Points(latency).Sum(p => p.GetHistogramCount()));
        }
        finally
        {
            PipelineMeter.Forget(stage);
        }
    }

    [Fact]
    public async Task A_disposed_pipeline_should_no_longer_be_reported()
    {
        using var listener = new MeterListener();
        var cameras = new List<string>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "capture.frames.in")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "camera", Value: "meter-dispose" })
                {
                    cameras.Add("meter-dispose");
                }
            }
        });
        listener.Start();
        var pipeline = CameraPipeline.Start("meter-dispose", [], [], new ChannelSettings(4, System.Threading.Channels.BoundedChannelFullMode.DropOldest));

        listener.RecordObservableInstruments();
        Assert.Equal(["meter-dispose", "meter-dispose"], cameras); // its source and fan-out stages
        await pipeline.DisposeAsync();
        cameras.Clear();
        listener.RecordObservableInstruments();

        Assert.Empty(cameras);
    }

    private static void Count(StageMetrics stage, VideoFrame frame, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            stage.In();
            stage.Out(frame);
            stage.Drop(DropReason.QueueFull);
        }
    }

    private static long Sum(List<Metric> exported, string name, (string Key, string Value)? tag = null) =>
        Points(exported.Single(m => m.Name == name))
            .Where(p => HasTag(p, "camera", "meter-alloc") && (tag is not { } t || HasTag(p, t.Key, t.Value)))
            .Sum(p => p.GetSumLong());

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
