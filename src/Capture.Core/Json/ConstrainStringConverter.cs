using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainString"/>: a string, an array, or <c>{exact, ideal}</c> of either.</summary>
internal sealed class ConstrainStringConverter : JsonConverter<ConstrainString>
{
    private static readonly StringListConverter s_list = new();

    public override ConstrainString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.StartArray)
        {
            return new ConstrainString { Value = s_list.Read(ref reader, typeof(StringList), options) };
        }

        var result = new ConstrainString();
        JsonMembers.Read(ref reader, "ConstrainDOMString", (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case "exact":
                    result = result with { Exact = s_list.Read(ref r, typeof(StringList), options) };
                    break;
                case "ideal":
                    result = result with { Ideal = s_list.Read(ref r, typeof(StringList), options) };
                    break;
                default:
                    r.Skip();
                    break;
            }
        });
        return result;
    }

    public override void Write(Utf8JsonWriter writer, ConstrainString value, JsonSerializerOptions options)
    {
        if (value.Value is { } bare && value is { Exact: null, Ideal: null })
        {
            s_list.Write(writer, bare, options);
            return;
        }

        writer.WriteStartObject();
        if (value.Exact is { } exact)
        {
            writer.WritePropertyName("exact");
            s_list.Write(writer, exact, options);
        }

        if ((value.Ideal ?? value.Value) is { } ideal)
        {
            writer.WritePropertyName("ideal");
            s_list.Write(writer, ideal, options);
        }

        writer.WriteEndObject();
    }
}
