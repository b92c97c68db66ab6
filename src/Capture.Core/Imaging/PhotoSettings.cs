namespace Capture.Core.Imaging;

/// <summary>Per-photo options for <c>TakePhotoAsync</c>, and what <c>GetPhotoSettingsAsync</c> reports (W3C <c>PhotoSettings</c>).</summary>
public sealed record PhotoSettings
{
    /// <summary>The flash mode wanted.</summary>
    public FillLightMode? FillLightMode { get; init; }

    /// <summary>The photo height wanted, in pixels.</summary>
    public double? ImageHeight { get; init; }

    /// <summary>The photo width wanted, in pixels.</summary>
    public double? ImageWidth { get; init; }

    /// <summary>Whether red-eye reduction is wanted.</summary>
    public bool? RedEyeReduction { get; init; }
}
