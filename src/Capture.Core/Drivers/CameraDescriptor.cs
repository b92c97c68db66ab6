namespace Capture.Core.Drivers;

/// <summary>Who a camera is, known before it is opened.</summary>
/// <param name="DeviceId">The stable id: the camera id in the rig, the <c>deviceId</c> of its tracks.</param>
/// <param name="Label">A human-readable name.</param>
/// <param name="GroupId">Shared by cameras of one physical product; defaults to the device id.</param>
public sealed record CameraDescriptor(string DeviceId, string Label, string? GroupId = null)
{
    /// <summary>The group id, or the device id when none is given.</summary>
    public string EffectiveGroupId => GroupId ?? DeviceId;
}
