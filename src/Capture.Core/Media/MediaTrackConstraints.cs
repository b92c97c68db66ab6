using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Capture.Core.Media;

/// <summary>The basic constraint set plus the advanced sets, tried in order (W3C <c>MediaTrackConstraints</c>).</summary>
/// <example><code>new MediaTrackConstraints { Advanced = [new() { Zoom = 2 }] }</code></example>
public sealed record MediaTrackConstraints : MediaTrackConstraintSet
{
    /// <summary>Sets applied in order when they can be satisfied as a whole, skipped otherwise.</summary>
    /// <remarks>Serialized last: WebIDL puts an inherited dictionary's members before the derived ones.</remarks>
    [JsonPropertyOrder(1)]
    public ImmutableArray<MediaTrackConstraintSet>? Advanced { get; init; }

    /// <summary>
    /// Checks the dictionary as WebIDL converts it, before any track sees it: a number that is not finite is a TypeError
    /// (<see cref="ArgumentException"/>), as <c>applyConstraints</c> rejects with. For a caller that sends constraints
    /// elsewhere (another node), where JSON cannot carry NaN.
    /// </summary>
    public void Validate() => Internal.ConstraintSolver.Validate(this);
}
