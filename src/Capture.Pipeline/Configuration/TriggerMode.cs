namespace Capture.Pipeline.Configuration;

/// <summary>What exposes a machine-vision camera's frames (<c>trigger { mode = … }</c>).</summary>
public enum TriggerMode
{
    /// <summary>The camera runs free at its frame rate.</summary>
    Off,

    /// <summary>One frame per software trigger (<c>POST /api/rig/trigger</c>, <c>ICaptureRig.TriggerAsync</c>).</summary>
    Software,

    /// <summary>One frame per edge on the camera's input line 0 (a hardware trigger shared by the rig).</summary>
    Line0,
}
