using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes a <see cref="StringList"/> as the string or array it came from.</summary>
internal sealed class StringListConverter : JsonConverter<StringList>
{
    public override StringList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a string or an array of strings, found {reader.TokenType}.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"Expected a string in the array, found {reader.TokenType}."));
        }

        return StringList.FromStrings(items);
    }

    public override void Write(Utf8JsonWriter writer, StringList value, JsonSerializerOptions options)
    {
        if (value.IsSingle)
        {
            writer.WriteStringValue(value[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
