using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>What <see cref="MediaDevices.GetUserMediaAsync"/> asks for (W3C <c>MediaStreamConstraints</c>).</summary>
public sealed record MediaStreamConstraints
{
    /// <summary><c>true</c> for any camera, or the constraints a camera must meet; null or <c>false</c> for none.</summary>
    public TrackRequest? Video { get; init; }

    /// <summary>Audio is never available from this library; asking for it fails with NotFoundError.</summary>
    public TrackRequest? Audio { get; init; }
}

/// <summary>The IDL <c>(boolean or MediaTrackConstraints)</c> member of <see cref="MediaStreamConstraints"/>.</summary>
[JsonConverter(typeof(TrackRequestConverter))]
public sealed record TrackRequest
{
    /// <summary>Whether a track of this kind is requested.</summary>
    public bool Requested { get; init; }

    /// <summary>The constraints, when given.</summary>
    public MediaTrackConstraints? Constraints { get; init; }

    /// <summary><c>Video = true</c>.</summary>
    public static implicit operator TrackRequest(bool requested) => new() { Requested = requested };

    /// <summary><c>Video = new MediaTrackConstraints { … }</c>.</summary>
    public static implicit operator TrackRequest(MediaTrackConstraints constraints) => new() { Requested = true, Constraints = constraints };

    /// <summary>A request with constraints.</summary>
    public static TrackRequest FromConstraints(MediaTrackConstraints constraints) => constraints;
}
