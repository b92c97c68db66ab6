using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline;

namespace Capture.Benchmarks;

/// <summary>The frame pipeline: throughput against the bare encoder, latency under load, MJPEG pass-through fan-out.</summary>
internal static class PipelineBenchmark
{
    /// <summary>
    /// Unthrottled: two cameras' frames (720p BGRA, generated as fast as the pipeline takes them) → overlay → JPEG q85 →
    /// MJPEG AVI on disk + a live view + a null sink, with the service's metrics scraped every second, against the bare
    /// encoder on the same frames; A B A B in one run, compared per CPU-second.
    /// </summary>
    public static async Task<object> ThroughputAsync(int seconds)
    {
        using var template = await TemplateFrameAsync(1280, 720);
        await using var metrics = await ShippedMetrics.StartAsync();
        const int Cameras = 2;
        var runs = new List<object>();
        var ratios = new List<double>();
        var ratiosSameParallelism = new List<double>();
        var ratiosOverCopyAndEncode = new List<double>();
        for (int round = 0; round < 2; round++)
        {
            var bare = BareEncoder(template, seconds, threads: 1);
            var bareParallel = BareEncoder(template, seconds, threads: Cameras);
            var bareWithCopy = BareEncoder(template, seconds, threads: Cameras, copy: true);
            string root = Directory.CreateTempSubdirectory("bench-recordings-").FullName;
            var cameras = Enumerable.Range(0, Cameras).Select(i => new GeneratedCamera($"cam-{i}", template, root, [new OverlayProcessor($"cam-{i}"), new EncodeProcessor(VideoPixelFormat.Jpeg, 85)], liveView: true)).ToArray();
            var pipeline = await MeasureAsync(cameras, seconds);
            Directory.Delete(root, recursive: true);
            ratios.Add(Math.Round(pipeline.Side.FramesPerCpuSecond / bare.FramesPerCpuSecond, 3));
            ratiosSameParallelism.Add(Math.Round(pipeline.Side.FramesPerCpuSecond / bareParallel.FramesPerCpuSecond, 3));
            ratiosOverCopyAndEncode.Add(Math.Round(pipeline.Side.FramesPerCpuSecond / bareWithCopy.FramesPerCpuSecond, 3));
            runs.Add(new { round, bareEncoder = bare, bareEncoderOneThreadPerCamera = bareParallel, frameCopyAndEncoderOneThreadPerCamera = bareWithCopy, pipeline });
        }

        return new
        {
            frames = "1280x720 BGRA, overlay + JPEG q85, to an MJPEG AVI on disk, a live view and a null sink; OpenTelemetry metrics scraped every second",
            reference = "libturbojpeg encoding the same frame on one thread (SIMD, q85); and on one thread per camera, as many as the pipeline's cameras, so both sides load both cores",
            cameras = Cameras,
            runs,
            framesPerCpuSecondPipelineOverBareEncoder = ratios,
            framesPerCpuSecondPipelineOverBareEncoderOneThreadPerCamera = ratiosSameParallelism,
            framesPerCpuSecondPipelineOverFrameCopyAndEncoder = ratiosOverCopyAndEncode, // what a camera's frame costs before any stage: its one copy into a pooled frame

            scrapes = metrics.Scrapes,
            target = ">= 0.9 per CPU-second",
        };
    }

    /// <summary>Real synthetic cameras at 720p30 → overlay → JPEG → AVI on disk, as many as make ~80 % of the measured capacity.</summary>
    public static async Task<object> LatencyAsync(int seconds)
    {
        using var template = await TemplateFrameAsync(1280, 720);
        double capacity = BareEncoder(template, 1).FramesPerCpuSecond * 0.9;
        int cameras = Math.Max(1, (int)(capacity * 0.8 / 30));
        string root = Directory.CreateTempSubdirectory("bench-latency-").FullName;
        var drivers = Enumerable.Range(0, cameras).Select(i => new SyntheticCameraDriver($"cam-{i:D2}")).ToArray();
        await using var devices = new MediaDevices(drivers);
        var pipelines = new List<CameraPipeline>();
        foreach (var driver in drivers)
        {
            var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = new MediaTrackConstraints { DeviceId = new ConstrainString { Exact = driver.Descriptor.DeviceId }, Width = 1280, Height = 720, FrameRate = 30 } });
            var pipeline = CameraPipeline.Start(
                driver.Descriptor.DeviceId,
                [new OverlayProcessor(driver.Descriptor.DeviceId), new EncodeProcessor(VideoPixelFormat.Jpeg, 85)],
                [new SinkBinding(new MjpegVideoSink(root, new CameraId(driver.Descriptor.DeviceId), TimeSpan.FromMinutes(10)), ChannelSettings.Recording)],
                new ChannelSettings(4, BoundedChannelFullMode.DropOldest));
            pipeline.Attach(stream.GetVideoTracks()[0]);
            pipelines.Add(pipeline);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var sinks = pipelines.Select(p => p.Metrics.Single(m => m.Stage == "sink:video")).ToArray();
        long before = sinks.Sum(s => s.FramesOut);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        double elapsed = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        long written = sinks.Sum(s => s.FramesOut) - before;
        var p50 = sinks.Select(s => s.Latency.Percentile(0.5) ?? 0).Max();
        var p99 = sinks.Select(s => s.Latency.Percentile(0.99) ?? 0).Max();
        long dropped = pipelines.Sum(p => p.Metrics.Sum(m => m.DroppedTotal));
        foreach (var pipeline in pipelines)
        {
            await pipeline.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
        return new
        {
            frames = "synthetic cameras 1280x720@30 → overlay → JPEG q85 → MJPEG AVI on disk",
            cameras,
            loadOfEstimatedCapacity = Math.Round(cameras * 30 / capacity, 2),
            writtenFps = Math.Round(written / elapsed, 1),
            dropped,
            worstCameraLatencyP50Ms = Math.Round(p50, 2),
            worstCameraLatencyP99Ms = Math.Round(p99, 2),
            frameIntervalMs = 33.33,
            p99InFrameIntervals = Math.Round(p99 / 33.33, 2),
            cpuPercentOfOneCore = Math.Round(100 * cpuSeconds / elapsed, 1),
        };
    }

    /// <summary>720p JPEG frames (as an MJPEG camera delivers them) through the encode stage (pass-through) to four sinks.</summary>
    public static async Task<object> PassThroughAsync(int seconds)
    {
        using var raw = await TemplateFrameAsync(1280, 720);
        var jpeg = new EncodeProcessor(VideoPixelFormat.Jpeg, 85).Process(raw);
        var runs = new[] { new GeneratedCamera("mjpeg", jpeg, null, [new EncodeProcessor(VideoPixelFormat.Jpeg, 85)], sinks: 4) };
        var result = await MeasureAsync(runs, seconds);
        jpeg.Dispose();
        return new
        {
            frames = $"1280x720 JPEG ({jpeg.Length} bytes), encode stage passes them through, fan-out to 4 null sinks",
            framesPerSecond = result.Fps,
            framesPerSecondPerCore = Math.Round(result.Fps / (result.CpuPercentOfOneCore / 100), 1),
            result.Drops,
            result.LatencyP50Ms,
            result.LatencyP99Ms,
            result.AllocatedBytesPerFrame,
            result.GcCollections,
            result.CpuPercentOfOneCore,
        };
    }

    private static async Task<Measurement> MeasureAsync(GeneratedCamera[] cameras, int seconds)
    {
        using var stop = new CancellationTokenSource();
        var running = cameras.Select(c => c.RunAsync(stop.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        GC.Collect();
        long frames0 = cameras.Sum(c => c.Written), allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        double elapsed = clock.Elapsed.TotalSeconds;
        long frames = cameras.Sum(c => c.Written) - frames0;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var gcs = new { gen0 = GC.CollectionCount(0) - gen0, gen1 = GC.CollectionCount(1) - gen1, gen2 = GC.CollectionCount(2) - gen2 };
        await stop.CancelAsync();
        await Task.WhenAll(running);
        return new Measurement(
            RunSide.Of(frames, cpu, elapsed),
            Math.Round(frames / elapsed, 1),
            cameras.Sum(c => c.Dropped),
            Math.Round(cameras.Max(c => c.LatencyP50), 2),
            Math.Round(cameras.Max(c => c.LatencyP99), 2),
            Math.Round((double)allocated / Math.Max(1, frames), 1),
            gcs,
            Math.Round(100 * cpu / elapsed, 1));
    }

    /// <summary>libturbojpeg alone on <paramref name="threads"/> threads, each encoding the frame over and over: frames, and the process's CPU.</summary>
    /// <remarks>
    /// On this machine a CPU-second is worth less when both cores are busy (two encoders at once each do 10–25 % less
    /// per CPU-second than one alone), so the pipeline, which loads both cores, is also compared with the encoder
    /// loading both.
    /// </remarks>
    /// <param name="frame">The frame encoded.</param>
    /// <param name="seconds">How long.</param>
    /// <param name="threads">How many encoders at once.</param>
    /// <param name="copy">Copy the frame into a frame of a pool before each encode, as the pipeline's camera does (its one copy).</param>
    private static RunSide BareEncoder(VideoFrame frame, double seconds, int threads = 1, bool copy = false)
    {
        var encoder = ImageEncoders.Jpeg;
        long count = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var output = new ArrayBufferWriter<byte>(1 << 20);
            var pool = new FramePool(4);
            long encoded = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                output.ResetWrittenCount();
                if (copy)
                {
                    using var copied = pool.Rent(frame.Info, frame.Length);
                    frame.Data.CopyTo(copied.GetWritableSpan());
                    encoder.Encode(ImageView.Of(copied), 85, output);
                }
                else
                {
                    encoder.Encode(ImageView.Of(frame), 85, output);
                }

                encoded++;
            }

            Interlocked.Add(ref count, encoded);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return RunSide.Of(count, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    private static async Task<VideoFrame> TemplateFrameAsync(int width, int height)
    {
        await using var devices = new MediaDevices(new SyntheticCameraDriver("template"));
        var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = new MediaTrackConstraints { Width = width, Height = height } });
        var frame = await new ImageCapture(stream.GetVideoTracks()[0]).GrabFrameAsync();
        stream.GetVideoTracks()[0].Stop();
        return frame;
    }

    private sealed record Measurement(RunSide Side, double Fps, long Drops, double LatencyP50Ms, double LatencyP99Ms, double AllocatedBytesPerFrame, object GcCollections, double CpuPercentOfOneCore);

    /// <summary>A camera that produces copies of one frame as fast as its pipeline accepts them (back-pressure, no drops).</summary>
    private sealed class GeneratedCamera
    {
        private readonly string _id;
        private readonly VideoFrame _template;
        private readonly FramePool _pool = new(64);
        private readonly Channel<VideoFrame> _input;
        private readonly List<StageMetrics> _metrics = [];
        private readonly List<Func<CancellationToken, Task>> _loops = [];
        private readonly StageMetrics _sink;

        public GeneratedCamera(string id, VideoFrame template, string? root, IFrameProcessor[] processors, int sinks = 1, bool liveView = false)
        {
            _id = id;
            _template = template;
            var metrics = Track(new StageMetrics(id, "source"));
            _input = FrameChannel.Create(new ChannelSettings(4, BoundedChannelFullMode.Wait), metrics);
            var channel = _input;
            if (processors.Length > 0)
            {
                // One loop for the processors, as the shipped pipeline runs them.
                var processorMetrics = processors.Select(p => Track(new StageMetrics(id, p.Name))).ToArray();
                var next = FrameChannel.Create(ChannelSettings.Internal, processorMetrics[^1]);
                _loops.Add(new ProcessorStage(channel.Reader, next.Writer, processors, processorMetrics).RunAsync);
                channel = next;
            }

            var writers = new List<ChannelWriter<VideoFrame>>();
            var sinkList = new List<IFrameSink>();
            if (root is not null)
            {
                sinkList.Add(new MjpegVideoSink(root, new CameraId(id), TimeSpan.FromMinutes(10)));
            }

            if (liveView)
            {
                sinkList.Add(new LiveViewSink());
            }

            while (sinkList.Count < Math.Max(sinks, root is null ? sinks : 2) + (liveView ? 1 : 0))
            {
                sinkList.Add(new NullSink($"null-{sinkList.Count}"));
            }

            foreach (var sink in sinkList)
            {
                var sinkMetrics = Track(new StageMetrics(id, $"sink:{sink.Name}"));
                var queue = FrameChannel.Create(ChannelSettings.Recording, sinkMetrics);
                writers.Add(queue.Writer);
                _loops.Add(new SinkStage(queue.Reader, sink, sinkMetrics).RunAsync);
            }

            _sink = _metrics.First(m => m.Stage.StartsWith("sink:", StringComparison.Ordinal));
            _loops.Add(new FanOutStage(channel.Reader, writers, Track(new StageMetrics(id, "fan-out"))).RunAsync);
        }

        public long Written => _sink.FramesOut;

        public long Dropped => _metrics.Sum(m => m.DroppedTotal);

        public double LatencyP50 => _sink.Latency.Percentile(0.5) ?? 0;

        public double LatencyP99 => _sink.Latency.Percentile(0.99) ?? 0;

        public async Task RunAsync(CancellationToken stop)
        {
            var loops = _loops.Select(loop => Task.Run(() => loop(CancellationToken.None), CancellationToken.None)).ToArray();
            long sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                var info = _template.Info with { CameraId = _id, Sequence = sequence++, HostTimestamp = Stopwatch.GetTimestamp(), UtcTime = DateTime.UtcNow };
                var frame = _pool.Rent(info, _template.Length);
                _template.Data.CopyTo(frame.GetWritableSpan());
                await _input.Writer.WriteAsync(frame, CancellationToken.None);
            }

            _input.Writer.Complete();
            await Task.WhenAll(loops);
        }

        private StageMetrics Track(StageMetrics metrics)
        {
            _metrics.Add(metrics);
            return metrics;
        }
    }
}
