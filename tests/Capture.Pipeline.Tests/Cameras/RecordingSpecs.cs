using Akka.TestKit.Xunit2;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Testing;
using Xunit.Abstractions;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>Pipelines configured in HOCON, run by the camera actors: recordings survive reconnects and close on stop.</summary>
public sealed class RecordingSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rig-recordings-").FullName;

    [Fact]
    public async Task A_camera_with_sinks_should_record_across_a_reconnect_and_close_its_files_when_stopped()
    {
        var rig = SyntheticRig.FromHocon(Sys, $$"""
            capture.recording.path = "{{_root}}"
            capture.supervision { min-backoff = 50ms, max-backoff = 100ms }
            capture.cameras.cam-1 {
              width = 320, height = 240, frame-rate = 30
              pipeline = [ overlay, { resize { width = 160, height = 120 } }, { encode = jpeg, quality = 70 } ]
              sinks = [ images, { video { segment = 10m } }, { null { queue { capacity = 2, full-mode = drop-oldest } } } ]
            }
            """);
        var camera = rig.Client.Camera("cam-1");
        long before = await ImagesWrittenAsync(camera, atLeast: 15);

        rig.Cameras["cam-1"].Faults = new Capture.Core.Drivers.Synthetic.SyntheticFaults { DisconnectAfterFrames = 0 };
        await Task.Delay(150);
        rig.Cameras["cam-1"].Faults = Capture.Core.Drivers.Synthetic.SyntheticFaults.None;
        await ImagesWrittenAsync(camera, atLeast: before + 15);
        var stages = await camera.GetPipelineAsync();
        await camera.StopAsync();

        Assert.Equal(["source", "overlay", "resize", "encode", "sink:images", "sink:video", "sink:null", "fan-out"], stages.Select(s => s.Stage));
        Assert.All(stages, s => Assert.True(s.FramesIn > 10, $"{s.Stage} saw {s.FramesIn}"));
        Assert.True((await camera.GetStatusAsync()).RestartsLastHour >= 1);
        var segments = Directory.GetFiles(_root, "*.avi", SearchOption.AllDirectories);
        Assert.Single(segments);
        Assert.Empty(Directory.GetFiles(_root, "*.part", SearchOption.AllDirectories));
        Assert.True(Directory.GetFiles(_root, "*.jpg", SearchOption.AllDirectories).Length >= 30);
        using var first = SkiaSharp.SKBitmap.Decode(Directory.GetFiles(_root, "*.jpg", SearchOption.AllDirectories).Order().First());
        Assert.Equal((160, 120), (first.Width, first.Height));
    }

    [Fact]
    public async Task A_failing_sink_should_make_its_camera_Degraded_until_it_writes_again()
    {
        string blocked = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "a file where the recordings folder should be");
        var rig = SyntheticRig.FromHocon(Sys, $$"""
            capture.recording.path = "{{blocked}}"
            capture.health { loss-window = 1s, check-interval = 100ms }
            capture.cameras.cam-1 { width = 160, height = 120, sinks = [ images ] }
            """);

        var degraded = await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.Health == CameraHealth.Degraded);
        File.Delete(blocked);
        var recovered = await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);
        var sink = (await rig.Client.Camera("cam-1").GetPipelineAsync()).Single(s => s.Stage == "sink:images");
        await rig.Client.Camera("cam-1").StopAsync();

        Assert.Contains("sink:images", degraded.Reason, StringComparison.Ordinal);
        Assert.Contains("SinkFailed", degraded.Reason, StringComparison.Ordinal);
        Assert.Contains("sink:images", degraded.PipelineError, StringComparison.Ordinal);
        Assert.Null(recovered.PipelineError);
        Assert.Null(recovered.Reason);
        Assert.True(sink.FramesOut > 0);
    }

    public new void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        base.Dispose();
    }

    private static async Task<long> ImagesWrittenAsync(CameraRef camera, long atLeast)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            long written = (await camera.GetPipelineAsync(timeout.Token)).Single(s => s.Stage == "sink:images").FramesOut;
            if (written >= atLeast)
            {
                return written;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
