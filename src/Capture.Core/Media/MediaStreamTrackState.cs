using System.Text.Json.Serialization;

namespace Capture.Core.Media;

/// <summary>Whether a track still delivers media (W3C <c>MediaStreamTrackState</c>).</summary>
[JsonConverter(typeof(Capture.Core.Json.WebIdlEnumConverter<MediaStreamTrackState>))]
public enum MediaStreamTrackState
{
    /// <summary>The track delivers media.</summary>
    [JsonStringEnumMemberName("live")]
    Live,

    /// <summary>The track has ended for good.</summary>
    [JsonStringEnumMemberName("ended")]
    Ended,
}
