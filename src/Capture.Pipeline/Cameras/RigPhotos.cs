using System.Collections.Immutable;

namespace Capture.Pipeline.Cameras;

/// <summary>The answer to <see cref="ICaptureRig.TakePhotosAsync"/>: one photo per camera, taken at one instant.</summary>
/// <param name="Photos">Each camera's photo, with when its frame was captured.</param>
/// <param name="Failed">The cameras that could not take one.</param>
public sealed record RigPhotos(ImmutableArray<Camera.PhotoTaken> Photos, ImmutableArray<Camera.MediaError> Failed)
{
    /// <summary>How far apart the pictured frames were captured: the latest minus the earliest, over the photos that know when.</summary>
    public TimeSpan Skew
    {
        get
        {
            var times = Photos.Where(p => p.CapturedAt is not null).Select(p => p.CapturedAt!.Value).ToList();
            return times.Count < 2 ? TimeSpan.Zero : times.Max() - times.Min();
        }
    }
}
