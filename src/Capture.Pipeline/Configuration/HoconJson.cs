using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Configuration.Hocon;

namespace Capture.Pipeline.Configuration;

/// <summary>Turns a HOCON value into JSON, so W3C dictionaries (constraints) can be written in hocon.conf.</summary>
/// <remarks>Keys may be W3C camelCase (<c>focusMode</c>) or HOCON kebab-case (<c>focus-mode</c>).</remarks>
internal static class HoconJson
{
    public static JsonNode? ToJson(HoconValue value)
    {
        if (value.IsObject())
        {
            var json = new JsonObject();
            foreach (var (key, item) in value.GetObject().Items)
            {
                json[CamelCase(key)] = ToJson(item);
            }

            return json;
        }

        if (value.IsArray())
        {
            return new JsonArray([.. value.GetArray().Select(ToJson)]);
        }

        string text = value.GetString();
        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }

    private static string CamelCase(string key)
    {
        var result = new StringBuilder(key.Length);
        bool upper = false;
        foreach (char c in key)
        {
            if (c == '-')
            {
                upper = true;
                continue;
            }

            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return result.ToString();
    }
}
