using System.Diagnostics.Metrics;

namespace Capture.Pipeline.Diagnostics;

/// <summary>The <c>Capture.Rig</c> meter: cameras by health, device restarts and stalls, tagged by camera.</summary>
internal static class RigMeter
{
    private static readonly Meter s_meter = new(CaptureMeters.Rig);

    /// <summary>Cameras in each health state (+1 on entering a state, -1 on leaving it).</summary>
    internal static UpDownCounter<int> Cameras { get; } = s_meter.CreateUpDownCounter<int>("capture.cameras", "{camera}", "Cameras in each health state.");

    internal static Counter<long> Restarts { get; } = s_meter.CreateCounter<long>("capture.camera.restarts", "{restart}", "Device reopenings after a failure.");

    internal static Counter<long> Stalls { get; } = s_meter.CreateCounter<long>("capture.camera.stalls", "{stall}", "Times a camera stopped delivering frames while open.");
}
