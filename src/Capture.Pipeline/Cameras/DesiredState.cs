using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>What the user asked of a camera: it outlives tracks and actor restarts, and is re-applied after each.</summary>
/// <param name="Constraints">The last constraints applied successfully.</param>
/// <param name="PhotoSettings">The photo settings last used, merged under each new request.</param>
/// <param name="Running">False after StopCamera, so a restart does not reopen a camera the user stopped.</param>
public sealed record DesiredState(MediaTrackConstraints Constraints, PhotoSettings PhotoSettings, bool Running = true)
{
    /// <summary>The settings of a photo: what <paramref name="request"/> says, the last used for what it leaves out (a size as a pair).</summary>
    public PhotoSettings PhotoFor(PhotoSettings? request) => request is null ? PhotoSettings : new PhotoSettings
    {
        FillLightMode = request.FillLightMode ?? PhotoSettings.FillLightMode,
        RedEyeReduction = request.RedEyeReduction ?? PhotoSettings.RedEyeReduction,
        ImageWidth = request.ImageWidth ?? (request.ImageHeight is null ? PhotoSettings.ImageWidth : null),
        ImageHeight = request.ImageHeight ?? (request.ImageWidth is null ? PhotoSettings.ImageHeight : null),
    };
}
