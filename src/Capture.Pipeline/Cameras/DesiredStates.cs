using Akka.Actor;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// The protocol of a camera's desired-state keeper: a persistent child of the camera actor (<c>desired-state</c>,
/// persistence id <c>camera-{id}</c>) that writes each change to the journal and gives it back after a restart.
/// </summary>
/// <remarks>
/// A separate actor, not the camera actor itself: a journal that fails (a full disk, a locked file) stops the keeper,
/// never the camera. The camera keeps its state in memory and starts a new keeper at its next change.
/// </remarks>
internal static class DesiredStates
{
    /// <summary>The name of the keeper among the camera actor's children.</summary>
    public const string ChildName = "desired-state";

    /// <summary>The props of a camera's keeper; <paramref name="configured"/> is the state its configuration gives.</summary>
    public static Props Props(CameraId id, DesiredState configured) => Akka.Actor.Props.Create(() => new DesiredStateActor(id, configured));

    /// <summary>The journal's name for a camera's desired state: the same on every node, so a camera finds it wherever it starts.</summary>
    public static string PersistenceId(CameraId id) => $"camera-{id}";

    /// <summary>Asks for the state to start from; replies <see cref="Recalled"/> once the journal has been read.</summary>
    public sealed record Recall
    {
        public static readonly Recall Instance = new();
    }

    public sealed record Recalled(DesiredState State);

    /// <summary>Writes <paramref name="State"/>; replies <see cref="Recorded"/> with <paramref name="Version"/> once it is in the journal.</summary>
    public sealed record Record(DesiredState State, long Version);

    public sealed record Recorded(long Version);

    /// <summary>The journal's event: the whole state, and the configured constraints it was based on.</summary>
    /// <remarks>When a camera's configured constraints change, its recorded state is set aside: the operator's edit wins.</remarks>
    public sealed record DesiredStateRecorded(MediaTrackConstraints Configured, DesiredState State);
}
