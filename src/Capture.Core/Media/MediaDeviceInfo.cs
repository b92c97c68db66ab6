namespace Capture.Core.Media;

/// <summary>A device <see cref="MediaDevices.EnumerateDevicesAsync"/> lists (W3C <c>MediaDeviceInfo</c>).</summary>
/// <param name="DeviceId">The device's stable id (the camera id in the rig).</param>
/// <param name="Kind">Always "videoinput" here.</param>
/// <param name="Label">A human-readable name.</param>
/// <param name="GroupId">Devices of one physical product share it.</param>
public sealed record MediaDeviceInfo(string DeviceId, string Kind, string Label, string GroupId)
{
    /// <summary>The <see cref="Kind"/> of a camera.</summary>
    public const string VideoInput = "videoinput";
}
