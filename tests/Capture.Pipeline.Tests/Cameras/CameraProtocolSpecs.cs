using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Stages.Motion;
using Capture.Pipeline.Testing;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>The camera protocol crosses nodes: every <see cref="ICameraMessage"/>, and the rig's messages between nodes, survive Akka's serializers unchanged.</summary>
public sealed class CameraProtocolSpecs(ITestOutputHelper output) : TestKit(CaptureHostingExtensions.ActorSystemDefaults, output: output)
{
    private static readonly CameraId Cam = new("cam-1");

    [Fact]
    public async Task Every_camera_message_should_round_trip_through_the_protocol_serializer()
    {
        var samples = await SamplesAsync();
        var serialization = Sys.Serialization;

        foreach (var message in samples)
        {
            var serializer = (SerializerWithStringManifest)serialization.FindSerializerFor(message);
            var back = serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, serializer.Manifest(message));

            Assert.IsType<CameraProtocolSerializer>(serializer);
            Assert.Equal(message.GetType(), back.GetType());
            Assert.Equal(JsonSerializer.Serialize(message, message.GetType(), MediaJson.Options), JsonSerializer.Serialize(back, back.GetType(), MediaJson.Options));
        }

        // A rule as much as a check: a new message type needs a sample here, so that it is known to cross nodes, unless
        // it declares itself local (INoSerializationVerificationNeeded: it carries an object shared in one process).
        var protocol = typeof(ICameraMessage).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(ICameraMessage).IsAssignableFrom(t) && !typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t))
            .Concat(CameraProtocolSerializer.CrossNodeRigMessages);
        Assert.Empty(protocol.Except(samples.Select(s => s.GetType())).Select(t => t.FullName));
    }

    /// <summary>One of each message; the W3C dictionaries as a synthetic camera answers them, so every member is set.</summary>
    private async Task<IReadOnlyList<object>> SamplesAsync()
    {
        var camera = SyntheticRig.Start(Sys, Cam.Value).Client.Camera(Cam.Value);
        var settings = await camera.GetSettingsAsync();
        var constraints = new MediaTrackConstraints
        {
            Width = new ConstrainDouble { Min = 320, Ideal = 640 },
            FocusMode = new ConstrainString { Exact = new[] { "manual", "continuous" } },
            PointsOfInterest = new[] { new Point2D(0.25, 0.75) },
            Advanced = [new MediaTrackConstraintSet { Zoom = 2, Torch = true }],
        };
        var photo = new PhotoSettings { ImageWidth = 640, ImageHeight = 480, FillLightMode = FillLightMode.Flash, RedEyeReduction = false };
        var status = await camera.GetStatusAsync() with { Motion = MotionSettings.Default with { Zones = [MotionZone.Everywhere("all")] }, RetryDelay = TimeSpan.FromSeconds(2) };
        return
        [
            new Camera.ApplyConstraints(Cam, constraints),
            new Camera.GetCapabilities(Cam),
            new Camera.GetConstraints(Cam),
            new Camera.GetSettings(Cam),
            new Camera.GetPhotoCapabilities(Cam),
            new Camera.GetPhotoSettings(Cam),
            new Camera.TakePhoto(Cam, photo),
            new Camera.GrabFrame(Cam, "image/jpeg"),
            new Camera.GetFeature(Cam, "GainRaw"),
            new Camera.SetFeature(Cam, "GainRaw", "10"),
            new Camera.Feature(Cam, "GainRaw", "10"),
            new Camera.Trigger(Cam),
            new Camera.Triggered(Cam, 42, TimeSpan.FromMilliseconds(1234.5), new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 4, 0, 0, 40, TimeSpan.Zero)),
            new Camera.StopCamera(Cam),
            new Camera.StartCamera(Cam),
            new Camera.GetStatus(Cam),
            new Camera.GetPipeline(Cam),
            new Camera.PipelineReport(Cam, [new Camera.StageReport("sink:video", 10, 9, ImmutableDictionary<string, long>.Empty.Add("queue-full", 1), 1.5, 9.25, 0)]),
            new Camera.TrackCapabilities(Cam, await camera.GetCapabilitiesAsync()),
            new Camera.TrackConstraints(Cam, constraints),
            new Camera.TrackSettings(Cam, settings),
            new Camera.CurrentPhotoCapabilities(Cam, await camera.GetPhotoCapabilitiesAsync()),
            new Camera.CurrentPhotoSettings(Cam, photo),
            new Camera.PhotoTaken(Cam, [0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg"),
            new Camera.FrameGrabbed(Cam, [1, 2, 3], "image/png", 320, 240, 42, new DateTime(2026, 12, 7, 1, 2, 3, DateTimeKind.Utc)),
            new Camera.CameraStopped(Cam),
            new Camera.CameraStarted(Cam),
            new Camera.MediaError(Cam, MediaErrorNames.OverconstrainedError, "zoom cannot be 40", "zoom"),
            status,
            new CameraStateChanged(Cam, CameraHealth.Healthy, CameraHealth.Reconnecting, "the stream ended", DateTimeOffset.UtcNow),
            new CameraConstraintsReapplied(Cam, constraints, settings, "zoom could not be applied"),
            Rig.GetDeviceCameras.Instance,
            new Rig.CameraList([status, status with { CameraId = new("usb-1"), Source = "v4l2", Node = "akka.tcp://capture@127.0.0.1:4052" }]),
        ];
    }
}
