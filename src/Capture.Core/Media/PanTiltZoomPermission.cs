namespace Capture.Core.Media;

/// <summary>Whether tracks expose pan, tilt and zoom (the W3C <c>{name: "camera", panTiltZoom: true}</c> permission).</summary>
public enum PanTiltZoomPermission
{
    /// <summary>Every track exposes PTZ: the rig's operator owns the cameras. The default.</summary>
    Granted,

    /// <summary>As a browser with the permission granted: only tracks whose GetUserMedia constraints ask for pan, tilt or zoom expose them.</summary>
    OnRequest,

    /// <summary>No track exposes PTZ: a required pan/tilt/zoom constraint fails, an advanced set naming one is skipped.</summary>
    Denied,
}
