using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Capture.Drivers.V4L2;

/// <summary>Reads a control table in the format of <c>v4l2-ctl --list-ctrls-menus</c>, e.g. one recorded from a real camera.</summary>
public static partial class V4L2ControlTable
{
    /// <summary>The controls listed in <paramref name="text"/>, with their menus.</summary>
    public static IReadOnlyList<V4L2Control> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var controls = new List<V4L2Control>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (ControlLine().Match(line) is { Success: true } control)
            {
                var fields = Fields().Matches(control.Groups["fields"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
                int Field(string name, int fallback) => fields.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : fallback;
                string type = control.Groups["type"].Value;
                controls.Add(new V4L2Control(
                    uint.Parse(control.Groups["id"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    control.Groups["name"].Value,
                    type,
                    Field("min", 0),
                    Field("max", type == "bool" ? 1 : 0),
                    Field("step", 1),
                    Field("default", 0),
                    Field("value", 0),
                    control.Groups["fields"].Value.Contains("inactive", StringComparison.Ordinal),
                    ImmutableDictionary<int, string>.Empty));
            }
            else if (MenuLine().Match(line) is { Success: true } item && controls.Count > 0)
            {
                var last = controls[^1];
                controls[^1] = last with { Menu = last.Menu.SetItem(int.Parse(item.Groups[1].Value, CultureInfo.InvariantCulture), item.Groups[2].Value.Trim()) };
            }
        }

        return controls;
    }

    [GeneratedRegex(@"^\s*(?<name>\w+)\s+0x(?<id>[0-9a-fA-F]{8})\s+\((?<type>\w+)\)\s*:\s*(?<fields>.*)$")]
    private static partial Regex ControlLine();

    [GeneratedRegex(@"(\w+)=(-?\d+)")]
    private static partial Regex Fields();

    [GeneratedRegex(@"^\s+(\d+):\s*(.+)$")]
    private static partial Regex MenuLine();
}
