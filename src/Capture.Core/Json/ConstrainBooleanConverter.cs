using System.Text.Json;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainBoolean"/> as a bare boolean or <c>{exact, ideal}</c>.</summary>
internal sealed class ConstrainBooleanConverter : ExactIdealConverter<ConstrainBoolean, bool>
{
    protected override bool ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => JsonMembers.Boolean(ref reader, "ConstrainBoolean");

    protected override void WriteValue(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);

    protected override ConstrainBoolean Create(Part bare, Part exact, Part ideal) =>
        new() { Value = bare.Has ? bare.Value : null, Exact = exact.Has ? exact.Value : null, Ideal = ideal.Has ? ideal.Value : null };

    protected override (Part Bare, Part Exact, Part Ideal) Split(ConstrainBoolean c) =>
        (Part.Of(c.Value ?? false, c.Value.HasValue), Part.Of(c.Exact ?? false, c.Exact.HasValue), Part.Of(c.Ideal ?? false, c.Ideal.HasValue));
}
