using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes pan/tilt/zoom constraints: a boolean, or a <see cref="ConstrainDouble"/>.</summary>
internal sealed class ConstrainDoubleOrBooleanConverter : JsonConverter<ConstrainDoubleOrBoolean>
{
    private static readonly ConstrainDoubleConverter s_double = new();

    public override ConstrainDoubleOrBoolean Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType is JsonTokenType.True or JsonTokenType.False
            ? reader.GetBoolean()
            : s_double.Read(ref reader, typeof(ConstrainDouble), options);

    public override void Write(Utf8JsonWriter writer, ConstrainDoubleOrBoolean value, JsonSerializerOptions options)
    {
        if (value.Boolean is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            s_double.Write(writer, value.Double ?? new ConstrainDouble(), options);
        }
    }
}
