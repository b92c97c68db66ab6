using Akka.Actor;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>How the rig treats a camera actor that throws.</summary>
/// <remarks>
/// Device failures never reach here: a camera actor handles them itself, reopening its device with exponential
/// back-off while it keeps answering (and queueing) commands. A BackoffSupervisor around the actor would instead
/// leave it dead during the back-off, and commands sent meanwhile would be lost to dead letters. So what reaches
/// this strategy is a defect: an invalid configuration stops the camera; anything else restarts it at once, and the
/// new actor reopens the device with the desired state its keeper (<see cref="DesiredStates"/>) kept. A camera that keeps
/// crashing (10 times a minute) is stopped so that it cannot spin; other cameras are never affected (one-for-one).
/// </remarks>
internal static class CameraSupervision
{
    /// <summary>The rig's strategy for its cameras.</summary>
    public static SupervisorStrategy Strategy { get; } = new OneForOneStrategy(
        maxNrOfRetries: 10,
        withinTimeRange: TimeSpan.FromMinutes(1),
        decider: Decider.From(exception => exception switch
        {
            CaptureConfigurationException => Directive.Stop,
            ActorInitializationException => Directive.Stop,
            _ => Directive.Restart,
        }));
}
