using System.Text.Json.Serialization;

namespace Capture.Core.Imaging;

/// <summary>Whether red-eye reduction is available and controllable (W3C <c>RedEyeReduction</c>).</summary>
[JsonConverter(typeof(Capture.Core.Json.WebIdlEnumConverter<RedEyeReduction>))]
public enum RedEyeReduction
{
    /// <summary>Not available.</summary>
    [JsonStringEnumMemberName("never")]
    Never,

    /// <summary>Available and always on.</summary>
    [JsonStringEnumMemberName("always")]
    Always,

    /// <summary>Set per photo through <see cref="PhotoSettings.RedEyeReduction"/>.</summary>
    [JsonStringEnumMemberName("controllable")]
    Controllable,
}
