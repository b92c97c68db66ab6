namespace Capture.Pipeline.Stages;

/// <summary>Receives the first error of each stage or sink (the camera's actor logs it once and shows it in status).</summary>
/// <param name="stage">The stage's name.</param>
/// <param name="error">The error.</param>
public delegate void StageFault(string stage, Exception error);
