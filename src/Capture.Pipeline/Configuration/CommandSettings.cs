namespace Capture.Pipeline.Configuration;

/// <summary>Timeouts of the control plane (<c>capture.commands</c>).</summary>
public sealed record CommandSettings(TimeSpan ReconnectWait, TimeSpan AskTimeout, TimeSpan GrabFrameTimeout);
