using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Capture.Core.Drivers.Synthetic;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Testing;

/// <summary>A rig of synthetic cameras inside any actor system, for tests (Akka.TestKit's <c>Sys</c>) and demos.</summary>
/// <example>
/// <code>
/// var rig = SyntheticRig.Start(Sys, "cam-1", "cam-2");
/// await rig.Client.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 2 });
/// rig.Cameras["cam-2"].Faults = new SyntheticFaults { DisconnectAfterFrames = 0 };   // rehearse a failure
/// </code>
/// </example>
public sealed class SyntheticRig
{
    private SyntheticRig(IActorRef actor, ICaptureRig client, IReadOnlyDictionary<string, SyntheticCameraDriver> cameras, CaptureSettings settings)
    {
        Actor = actor;
        Client = client;
        Cameras = cameras;
        Settings = settings;
    }

    /// <summary>The rig actor.</summary>
    public IActorRef Actor { get; }

    /// <summary>The typed client.</summary>
    public ICaptureRig Client { get; }

    /// <summary>The drivers by camera id (cameras added by a reload included), to inject faults (<see cref="SyntheticCameraDriver.Faults"/>) or inspect.</summary>
    public IReadOnlyDictionary<string, SyntheticCameraDriver> Cameras { get; }

    /// <summary>The settings the rig runs with.</summary>
    public CaptureSettings Settings { get; }

    /// <summary>Starts a rig of synthetic cameras at 320×240@15 with the default profile.</summary>
    public static SyntheticRig Start(ActorSystem system, params string[] cameraIds)
    {
        ArgumentNullException.ThrowIfNull(cameraIds);
        string cameras = string.Join('\n', cameraIds.Select(id => $"\"{id}\" {{ width = 320, height = 240, frame-rate = 15 }}"));
        return FromHocon(system, $"capture.cameras {{ {cameras} }}");
    }

    /// <summary>Starts a rig from HOCON (a <c>capture</c> section; every camera must be synthetic).</summary>
    /// <param name="system">The actor system, e.g. a TestKit's <c>Sys</c>.</param>
    /// <param name="hocon">The rig's configuration, over the defaults.</param>
    /// <param name="name">The rig actor's name, unique within the system.</param>
    public static SyntheticRig FromHocon(ActorSystem system, string hocon, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString(hocon));
        var drivers = new ConcurrentDictionary<string, SyntheticCameraDriver>();
        var fingerprints = new ConcurrentDictionary<string, string>();

        // One driver per camera, kept across actor restarts; a camera whose block changed on reload gets a new one.
        SyntheticCameraDriver DriverFor(CameraSettings camera)
        {
            if (fingerprints.TryGetValue(camera.Id.Value, out var seen) && seen == camera.Fingerprint)
            {
                return drivers[camera.Id.Value];
            }

            fingerprints[camera.Id.Value] = camera.Fingerprint;
            return drivers[camera.Id.Value] = (SyntheticCameraDriver)CameraDrivers.Create(camera);
        }

        foreach (var camera in settings.Cameras)
        {
            DriverFor(camera);
        }

        var actor = system.ActorOf(Rig.Props(settings, DriverFor), name ?? $"rig-{Guid.NewGuid():N}");
        return new SyntheticRig(actor, new CaptureRig(actor, settings.Commands.AskTimeout), drivers, settings);
    }
}
