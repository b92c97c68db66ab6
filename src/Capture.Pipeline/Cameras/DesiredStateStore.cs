using System.Collections.Concurrent;

namespace Capture.Pipeline.Cameras;

/// <summary>Keeps each camera's <see cref="DesiredState"/> outside its actor, so it survives the actor's restarts.</summary>
/// <remarks>In memory: the state lives as long as the process. Each camera actor writes only its own entry.</remarks>
public sealed class DesiredStateStore
{
    private readonly ConcurrentDictionary<CameraId, DesiredState> _states = new();

    /// <summary>The state of a camera, or <paramref name="initial"/> when none was recorded.</summary>
    public DesiredState Get(CameraId id, DesiredState initial) => _states.GetOrAdd(id, initial);

    /// <summary>Records a camera's state.</summary>
    public void Set(CameraId id, DesiredState state) => _states[id] = state;

    /// <summary>Forgets a camera (removed or reconfigured).</summary>
    public void Remove(CameraId id) => _states.TryRemove(id, out _);
}
