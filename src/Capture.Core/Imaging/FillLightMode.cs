using System.Text.Json.Serialization;

namespace Capture.Core.Imaging;

/// <summary>The flash mode for <c>TakePhotoAsync</c> (W3C <c>FillLightMode</c>).</summary>
[JsonConverter(typeof(Capture.Core.Json.WebIdlEnumConverter<FillLightMode>))]
public enum FillLightMode
{
    /// <summary>Fires when needed, usually in low light.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Never fires.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    /// <summary>Always fires.</summary>
    [JsonStringEnumMemberName("flash")]
    Flash,
}
