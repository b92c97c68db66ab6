using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Stages;

/// <summary>One camera's data plane: source → processors → fan-out → one loop per sink, joined by bounded channels.</summary>
/// <remarks>
/// Frames never touch an actor. The pipeline outlives the camera's tracks: <see cref="Attach"/> feeds it a new track
/// after a reconnect while files stay open. <see cref="StopAsync"/> lets every frame in flight reach its sinks and then
/// completes the sinks, which closes their files under their final names.
/// </remarks>
public sealed class CameraPipeline : IAsyncDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly SourceStage _source;
    private readonly List<StageMetrics> _metrics = [];
    private readonly IReadOnlyList<object> _stages;

    private CameraPipeline(string cameraId, IReadOnlyList<object> stages, IReadOnlyList<SinkBinding> sinks, ChannelSettings input, StageFault? fault)
    {
        _stages = stages;
        var loops = new List<Func<CancellationToken, Task>>();
        var sourceMetrics = Track(new StageMetrics(cameraId, "source"));
        var groups = Loops(stages);
        // The channel the fan-out reads is inline: the fan-out only hands frames on, so it runs on its writer's thread.
        ChannelSettings Output(int group) => group == groups.Count - 1 ? ChannelSettings.FanOut : ChannelSettings.Internal;
        var channel = FrameChannel.Create(groups.Count == 0 ? ChannelSettings.FanOut : ChannelSettings.Internal, sourceMetrics);
        _source = new SourceStage(channel.Writer, input, sourceMetrics);
        loops.Add(_source.RunAsync);
        for (int i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var metrics = group.Select(stage => Track(new StageMetrics(cameraId, stage is IFrameStage own ? own.Name : ((IFrameProcessor)stage).Name))).ToArray();
            var (from, next) = (channel, FrameChannel.Create(Output(i), metrics[^1]));
            loops.Add(group[0] switch
            {
                IFrameStage own => token => own.RunAsync(from.Reader, next.Writer, metrics[0], fault, token),
                _ => new ProcessorStage(from.Reader, next.Writer, [.. group.Cast<IFrameProcessor>()], metrics, fault).RunAsync,
            });
            channel = next;
        }

        var sinkChannels = new List<System.Threading.Channels.ChannelWriter<VideoFrame>>();
        foreach (var binding in sinks)
        {
            var metrics = Track(new StageMetrics(cameraId, $"sink:{binding.Sink.Name}"));
            var queue = FrameChannel.Create(binding.Queue with { Inline = true }, metrics); // the sink stage decides where each write runs
            sinkChannels.Add(queue.Writer);
            loops.Add(new SinkStage(queue.Reader, binding.Sink, metrics, fault).RunAsync);
        }

        loops.Add(new FanOutStage(channel.Reader, sinkChannels, Track(new StageMetrics(cameraId, "fan-out"))).RunAsync);
        Completion = Task.WhenAll(loops.Select(loop => Task.Run(() => loop(_abort.Token))));
    }

    /// <summary>Every stage's counters, in pipeline order (source, processors, sinks, fan-out).</summary>
    public IReadOnlyList<StageMetrics> Metrics => _metrics;

    /// <summary>Completes when every loop has finished.</summary>
    public Task Completion { get; }

    /// <summary>Builds and starts a pipeline.</summary>
    /// <param name="cameraId">The camera, for metrics.</param>
    /// <param name="processors">The processing stages, in order.</param>
    /// <param name="sinks">The sinks and their queues.</param>
    /// <param name="input">The buffer between the camera and the pipeline (drop-oldest: capture never waits).</param>
    /// <param name="fault">Told of the first error of each stage or sink.</param>
    public static CameraPipeline Start(string cameraId, IReadOnlyList<IFrameProcessor> processors, IReadOnlyList<SinkBinding> sinks, ChannelSettings input, StageFault? fault = null) =>
        new(cameraId, [.. processors], sinks, input, fault);

    /// <summary>Builds and starts a pipeline whose stages are processors or stages with loops of their own (<see cref="IFrameStage"/>).</summary>
    /// <param name="cameraId">The camera, for metrics.</param>
    /// <param name="stages">Each an <see cref="IFrameProcessor"/> or an <see cref="IFrameStage"/>, in order.</param>
    /// <param name="sinks">The sinks and their queues.</param>
    /// <param name="input">The buffer between the camera and the pipeline (drop-oldest: capture never waits).</param>
    /// <param name="fault">Told of the first error of each stage or sink.</param>
    public static CameraPipeline Start(string cameraId, IReadOnlyList<object> stages, IReadOnlyList<SinkBinding> sinks, ChannelSettings input, StageFault? fault = null) =>
        new(cameraId, stages, sinks, input, fault);

    /// <summary>Feeds the pipeline from <paramref name="track"/> from now on.</summary>
    public void Attach(MediaStreamTrack track) => _source.Attach(track);

    /// <summary>Drains every frame in flight into the sinks and closes them; past <paramref name="timeout"/>, aborts.</summary>
    /// <returns>True when everything drained; false when the timeout forced an abort.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _source.Complete();
        try
        {
            await Completion.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await Completion.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        foreach (var stage in _stages.OfType<IDisposable>())
        {
            stage.Dispose();
        }

        _source.Dispose();
        _abort.Dispose();
        foreach (var metrics in _metrics)
        {
            PipelineMeter.Forget(metrics);
        }
    }

    /// <summary>The stages grouped into loops: a stage with a loop of its own alone, consecutive processors together.</summary>
    private static List<object[]> Loops(IReadOnlyList<object> stages)
    {
        var loops = new List<object[]>();
        foreach (var stage in stages)
        {
            switch (stage)
            {
                case IFrameProcessor when loops.Count > 0 && loops[^1][0] is IFrameProcessor:
                    loops[^1] = [.. loops[^1], stage];
                    break;
                case IFrameProcessor or IFrameStage:
                    loops.Add([stage]);
                    break;
                default:
                    throw new ArgumentException($"A pipeline stage is an IFrameProcessor or an IFrameStage, not {stage.GetType().Name}.", nameof(stages));
            }
        }

        return loops;
    }

    private StageMetrics Track(StageMetrics metrics)
    {
        _metrics.Add(metrics);
        PipelineMeter.Observe(metrics);
        return metrics;
    }
}
