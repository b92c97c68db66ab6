using System.Collections.Concurrent;

namespace Capture.Pipeline.Sinks;

/// <summary>The live-view sink of each camera in this process, for the HTTP live view and snapshots.</summary>
/// <remarks>Given to the rig, it adds a live sink to every camera's pipeline. Frames stay on the node that captures them.</remarks>
public sealed class LiveViews
{
    private readonly ConcurrentDictionary<CameraId, LiveViewSink> _sinks = new();

    /// <summary>The live sink of a camera, or null when it has none (unknown, or not started yet).</summary>
    public LiveViewSink? Find(CameraId camera) => _sinks.GetValueOrDefault(camera);

    internal LiveViewSink Create(CameraId camera)
    {
        var sink = new LiveViewSink();
        if (_sinks.TryGetValue(camera, out var previous))
        {
            previous.Dispose();
        }

        _sinks[camera] = sink;
        return sink;
    }

    /// <summary>Forgets a camera removed from the rig, so its live view and snapshot answer 404.</summary>
    internal void Remove(CameraId camera)
    {
        if (_sinks.TryRemove(camera, out var sink))
        {
            sink.Dispose();
        }
    }
}
