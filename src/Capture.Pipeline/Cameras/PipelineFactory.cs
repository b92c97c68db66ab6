using System.Diagnostics;
using System.Threading.Channels;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Cameras;

/// <summary>Builds a camera's pipeline from its settings.</summary>
internal static class PipelineFactory
{
    /// <summary>Starts the pipeline <paramref name="camera"/> configures, or returns null when it has no sinks and no live view.</summary>
    /// <remarks>
    /// Pixels exist only where a stage needs them. A camera whose frames arrive encoded (every source but the
    /// synthetic one) gets a decode stage before its first pixel stage (overlay, resize, crop, convert, PNG encode),
    /// unless it configures one; an ffmpeg camera recording images gets one that decodes H.264/H.265 only. Recording
    /// sinks store encoded frames: when raw frames can reach them and no stage encodes, a JPEG encode stage (quality 85)
    /// is added last (frames that are already encoded pass it untouched). Unfinished recordings a crash left are
    /// recovered before the camera records again.
    /// </remarks>
    /// <param name="camera">The camera's settings.</param>
    /// <param name="recording">Where recordings go.</param>
    /// <param name="liveViews">When given, every camera also gets a live-view sink registered there.</param>
    /// <param name="fault">Told of the first error of each stage or sink.</param>
    /// <param name="motion">Told of the camera's motion events, when it has a motion stage (a branch of the fan-out, see <see cref="MotionStage"/>).</param>
    public static CameraPipeline? Start(CameraSettings camera, RecordingSettings recording, LiveViews? liveViews = null, StageFault? fault = null, Action<MotionEvent>? motion = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(recording);
        if (camera.Sinks.IsEmpty && liveViews is null && camera.Motion is null)
        {
            return null;
        }

        var stages = camera.Pipeline.Select(p => Stage(p, camera)).ToList();

        // A decode stage goes before the first stage that needs pixels the source does not deliver: the synthetic camera
        // draws BGRA; a machine-vision camera's grey frames go to an encoder as they are (16-bit PNG included), but a
        // colour stage needs BGRA; every other source delivers encoded frames.
        bool encoded = camera.Source is not (SourceKind.Synthetic or SourceKind.GenICam);
        int pixels = camera.Source switch
        {
            SourceKind.Synthetic => -1,
            SourceKind.GenICam => camera.Pipeline.IndexOf(camera.Pipeline.FirstOrDefault(p => p.NeedsPixels && p is not EncodeStageSettings)!),
            _ => camera.Pipeline.IndexOf(camera.Pipeline.FirstOrDefault(p => p.NeedsPixels)!),
        };
        if (!stages.Any(s => s is DecodeStage))
        {
            if (pixels >= 0)
            {
                stages.Insert(pixels, new DecodeStage());
            }
            else if (camera.Source is SourceKind.Ffmpeg or SourceKind.Rtsp && camera.Sinks.Any(s => s is ImagesSinkSettings))
            {
                stages.Insert(0, new DecodeStage(videoOnly: true));
            }
        }

        // Raw frames come from the synthetic and machine-vision cameras or a decode stage; an encoded source needs no encoder.
        bool raw = !encoded || stages.Any(s => s is DecodeStage);
        if (raw && camera.Sinks.Any(s => s.WritesFiles) && !stages.Any(p => p is EncodeProcessor))
        {
            stages.Add(new EncodeProcessor());
        }

        if (camera.Sinks.Any(s => s.WritesFiles))
        {
            RecordingRecovery.Run(recording.Path, camera.Id);
        }

        var sinks = camera.Sinks.Select(s => new SinkBinding(Sink(s, camera, recording), s.Queue)).ToList();
        foreach (var clips in sinks.Select(s => s.Sink).OfType<EventClipSink>())
        {
            motion = (Action<MotionEvent>)clips.OnMotion + motion; // the camera's own events open and close its clips
        }

        if (liveViews is not null)
        {
            sinks.Add(new SinkBinding(liveViews.Create(camera.Id), ChannelSettings.Live));
        }

        if (camera.Motion is { } detection)
        {
            sinks.Add(new SinkBinding(new MotionStage(camera.Id, detection, motion ?? (_ => { }), fault), MotionStage.Queue));
        }

        return CameraPipeline.Start(camera.Id.Value, stages, sinks, new ChannelSettings(recording.InputCapacity, BoundedChannelFullMode.DropOldest), fault);
    }

    private static object Stage(StageSettings settings, CameraSettings camera) => settings switch
    {
        DecodeStageSettings decode => new DecodeStage(decode.FrameRate),
        OverlayStageSettings => new OverlayProcessor(camera.Label),
        ResizeStageSettings resize => new ResizeProcessor(resize.Width, resize.Height),
        CropStageSettings crop => new CropProcessor(crop.X, crop.Y, crop.Width, crop.Height),
        ConvertStageSettings convert => new ConvertProcessor(convert.Format),
        EncodeStageSettings encode => new EncodeProcessor(encode.Format, encode.Quality),
        _ => throw new UnreachableException($"{settings.GetType().Name} has no stage"),
    };

    private static IFrameSink Sink(SinkSettings settings, CameraSettings camera, RecordingSettings recording) => settings switch
    {
        ImagesSinkSettings => new ImageSequenceSink(recording.Path, camera.Id, recording.Retention),
        VideoSinkSettings { Clips: { } clips } video => new EventClipSink(
            () => new VideoSink(recording.Path, camera.Id, video.Segment, video.MaxSegmentBytes, recording.Retention),
            clips.PreRoll,
            clips.PostRoll,
            (camera.Motion?.MinDuration ?? TimeSpan.Zero) + EventClipSink.DecodeAllowance),
        VideoSinkSettings video => new VideoSink(recording.Path, camera.Id, video.Segment, video.MaxSegmentBytes, recording.Retention),
        NullSinkSettings => new NullSink(),
        _ => throw new UnreachableException($"{settings.GetType().Name} has no sink"),
    };
}
