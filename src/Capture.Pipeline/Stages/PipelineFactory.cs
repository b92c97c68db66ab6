using System.Threading.Channels;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Stages;

/// <summary>Builds a camera's pipeline from its settings.</summary>
public static class PipelineFactory
{
    /// <summary>Starts the pipeline <paramref name="camera"/> configures, or returns null when it has no sinks and no live view.</summary>
    /// <remarks>Recording sinks store encoded images: when none of the configured stages encodes, a JPEG encode stage (quality 85) is added last.</remarks>
    /// <param name="camera">The camera's settings.</param>
    /// <param name="recording">Where recordings go.</param>
    /// <param name="liveViews">When given, every camera also gets a live-view sink registered there.</param>
    /// <param name="fault">Told of the first error of each stage or sink.</param>
    public static CameraPipeline? Start(CameraSettings camera, RecordingSettings recording, LiveViews? liveViews = null, StageFault? fault = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(recording);
        if (camera.Sinks.IsEmpty && liveViews is null)
        {
            return null;
        }

        var processors = camera.Pipeline.Select(p => Processor(p, camera)).ToList();
        if (camera.Sinks.Any(s => s.Kind != "null") && !processors.Any(p => p is EncodeProcessor))
        {
            processors.Add(new EncodeProcessor());
        }

        var sinks = camera.Sinks.Select(s => new SinkBinding(Sink(s, camera, recording), s.Queue)).ToList();
        if (liveViews is not null)
        {
            sinks.Add(new SinkBinding(liveViews.Create(camera.Id), ChannelSettings.Live));
        }

        return CameraPipeline.Start(camera.Id.Value, processors, sinks, new ChannelSettings(recording.InputCapacity, BoundedChannelFullMode.DropOldest), fault);
    }

    private static IFrameProcessor Processor(ProcessorSettings settings, CameraSettings camera) => settings.Kind switch
    {
        "overlay" => new OverlayProcessor(camera.Label),
        "resize" => new ResizeProcessor(settings.Width, settings.Height),
        "crop" => new CropProcessor(settings.X, settings.Y, settings.Width, settings.Height),
        "convert" => new ConvertProcessor(settings.Format == "rgba" ? Core.Frames.VideoPixelFormat.Rgba32 : Core.Frames.VideoPixelFormat.Bgra32),
        "encode" when settings.Format == "png" => new EncodeProcessor(Core.Frames.VideoPixelFormat.Png),
        "encode" => new EncodeProcessor(Core.Frames.VideoPixelFormat.Jpeg, settings.Quality),
        _ => throw new CaptureConfigurationException($"capture.cameras.{camera.Id}.pipeline", $"unknown stage '{settings.Kind}'"),
    };

    private static IFrameSink Sink(SinkSettings settings, CameraSettings camera, RecordingSettings recording) => settings.Kind switch
    {
        "images" => new ImageSequenceSink(recording.Path, camera.Id, recording.Retention),
        "video" => new MjpegVideoSink(recording.Path, camera.Id, settings.Segment, recording.Retention),
        "null" => new NullSink(),
        _ => throw new CaptureConfigurationException($"capture.cameras.{camera.Id}.sinks", $"unknown sink '{settings.Kind}'"),
    };
}
