using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>What the user asked of a camera: it outlives tracks and actor restarts, and is re-applied after each.</summary>
/// <param name="Constraints">The last constraints applied successfully.</param>
/// <param name="PhotoSettings">The photo settings last used, merged under each new request.</param>
/// <param name="Running">False after StopCamera, so a restart does not reopen a camera the user stopped.</param>
public sealed record DesiredState(MediaTrackConstraints Constraints, PhotoSettings PhotoSettings, bool Running = true);
