using System.Text.Json;

namespace Capture.Core.Json;

/// <summary>Reads the members of a JSON object one by one, for the constraint converters.</summary>
internal static class JsonMembers
{
    /// <summary>Calls <paramref name="member"/> with each member name, the reader positioned on its value.</summary>
    public static void Read(ref Utf8JsonReader reader, string typeName, MemberReader member)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a value or an object for {typeName}, found {reader.TokenType}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            member(ref reader, name);
        }
    }

    /// <summary>Reads one member's value.</summary>
    public delegate void MemberReader(ref Utf8JsonReader reader, string name);

    /// <summary>Reads a JSON number, refusing anything else.</summary>
    public static double Number(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw new JsonException($"'{member}' must be a number, found {reader.TokenType}.");

    /// <summary>Reads a JSON boolean, refusing anything else.</summary>
    public static bool Boolean(ref Utf8JsonReader reader, string member) =>
        reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : throw new JsonException($"'{member}' must be a boolean, found {reader.TokenType}.");

    /// <summary>Writes a member when it has a value.</summary>
    public static void Write(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
