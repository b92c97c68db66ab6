using Capture.Core.Frames;

namespace Capture.Core.Drivers;

/// <summary>Receives what an open camera produces: frames, mute changes and the fault signal.</summary>
/// <remarks>Called on the driver's capture thread; implementations return quickly and never block.</remarks>
public interface ICameraObserver
{
    /// <summary>A new frame; ownership passes to the observer, which disposes it.</summary>
    void OnFrame(VideoFrame frame);

    /// <summary>
    /// Frames the device sent that never arrived whole or at all (a gap in its frame numbers): counted in the track's
    /// <c>totalFrames</c>, never delivered. Sources that cannot tell need not call it.
    /// </summary>
    void OnLost(long frames)
    {
    }

    /// <summary>The source stopped (true) or resumed (false) delivering frames without being closed.</summary>
    void OnMuted(bool muted);

    /// <summary>The device is lost (unplugged, disconnected, crashed); no more frames will come.</summary>
    void OnFault(Exception error);
}
