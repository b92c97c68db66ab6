using System.Collections.Immutable;
using Capture.Core.Media;

namespace Capture.Core.Imaging;

/// <summary>What <c>TakePhotoAsync</c> can do (W3C <c>PhotoCapabilities</c>).</summary>
public sealed record PhotoCapabilities
{
    /// <summary>Whether red-eye reduction is available and controllable.</summary>
    public RedEyeReduction? RedEyeReduction { get; init; }

    /// <summary>Supported photo heights (reported apart from widths on purpose).</summary>
    public MediaSettingsRange? ImageHeight { get; init; }

    /// <summary>Supported photo widths.</summary>
    public MediaSettingsRange? ImageWidth { get; init; }

    /// <summary>Supported flash modes.</summary>
    public ImmutableArray<FillLightMode>? FillLightMode { get; init; }
}
