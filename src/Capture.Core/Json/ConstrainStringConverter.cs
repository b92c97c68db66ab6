using System.Text.Json;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainString"/>: a string, an array, or <c>{exact, ideal}</c> of either.</summary>
internal sealed class ConstrainStringConverter : ExactIdealConverter<ConstrainString, StringList>
{
    private static readonly StringListConverter s_list = new();

    protected override StringList ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => s_list.Read(ref reader, typeof(StringList), options);

    protected override void WriteValue(Utf8JsonWriter writer, StringList value, JsonSerializerOptions options) => s_list.Write(writer, value, options);

    protected override ConstrainString Create(Part bare, Part exact, Part ideal) =>
        new() { Value = bare.Has ? bare.Value : null, Exact = exact.Has ? exact.Value : null, Ideal = ideal.Has ? ideal.Value : null };

    protected override (Part Bare, Part Exact, Part Ideal) Split(ConstrainString c) =>
        (Part.Of(c.Value, c.Value is not null), Part.Of(c.Exact, c.Exact is not null), Part.Of(c.Ideal, c.Ideal is not null));
}
