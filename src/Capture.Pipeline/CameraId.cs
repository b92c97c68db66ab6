using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Capture.Pipeline;

/// <summary>A camera's id in the rig: letters, digits, '-' and '_', at most 64, starting with a letter or digit.</summary>
/// <remarks>Ids become actor names, file names and URL segments, so anything else (dots, slashes, spaces) is refused.</remarks>
[JsonConverter(typeof(CameraIdJsonConverter))]
public readonly partial record struct CameraId
{
    /// <summary>Creates an id after validating it.</summary>
    /// <exception cref="ArgumentException">The value is not a valid camera id.</exception>
    public CameraId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a valid camera id: use 1-64 letters, digits, '-' or '_', starting with a letter or digit.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The id.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="value"/> is a valid camera id.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <inheritdoc />
    public override string ToString() => Value;

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
