using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>What the user asked of a camera: it outlives tracks and actor restarts, and is re-applied after each.</summary>
/// <param name="Constraints">The last constraints applied successfully.</param>
/// <param name="PhotoSettings">The photo settings last used, merged under each new request.</param>
/// <param name="Running">False after StopCamera, so a restart does not reopen a camera the user stopped.</param>
/// <param name="Features">A machine-vision camera's features written by name through the API, in the order first written (written again at every open, after the configured ones).</param>
public sealed record DesiredState(MediaTrackConstraints Constraints, PhotoSettings PhotoSettings, bool Running = true, IReadOnlyList<KeyValuePair<string, string>>? Features = null)
{
    /// <summary>This state with the feature <paramref name="name"/> set to <paramref name="value"/>, in its first place if it was set before.</summary>
    public DesiredState WithFeature(string name, string value)
    {
        var features = (Features ?? []).ToList();
        int at = features.FindIndex(f => f.Key == name);
        if (at >= 0)
        {
            features[at] = new(name, value);
        }
        else
        {
            features.Add(new(name, value));
        }

        return this with { Features = features };
    }

    /// <summary>The settings of a photo: what <paramref name="request"/> says, the last used for what it leaves out (a size as a pair).</summary>
    public PhotoSettings PhotoFor(PhotoSettings? request) => request is null ? PhotoSettings : new PhotoSettings
    {
        FillLightMode = request.FillLightMode ?? PhotoSettings.FillLightMode,
        RedEyeReduction = request.RedEyeReduction ?? PhotoSettings.RedEyeReduction,
        ImageWidth = request.ImageWidth ?? (request.ImageHeight is null ? PhotoSettings.ImageWidth : null),
        ImageHeight = request.ImageHeight ?? (request.ImageWidth is null ? PhotoSettings.ImageHeight : null),
    };
}
