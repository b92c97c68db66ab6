using System.Reflection;
using System.Text.Json;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Core.Media;

namespace Capture.Core.Drivers;

/// <summary>What a camera can do and its power-on settings, in W3C terms: the one place a backend's controls become capabilities.</summary>
/// <remarks>
/// A profile is data: it (de)serializes in the browser's JSON shape (<c>{"capabilities":{"zoom":{"min":1,"max":4,"step":0.1}}, …}</c>),
/// so the synthetic camera can be given any camera's capabilities from a file.
/// </remarks>
public sealed record CameraProfile
{
    /// <summary>The capabilities (device and group ids are filled from the <see cref="CameraDescriptor"/>).</summary>
    public MediaTrackCapabilities Capabilities { get; init; } = new();

    /// <summary>The settings at power-on; every capability should have one.</summary>
    public MediaTrackSettings Settings { get; init; } = new();

    /// <summary>Whether the camera accepts points of interest (they have no capability member).</summary>
    public bool SupportsPointsOfInterest { get; init; }

    /// <summary>What <c>TakePhotoAsync</c> can do; null when the camera cannot take photos.</summary>
    public PhotoCapabilities? PhotoCapabilities { get; init; }

    /// <summary>The photo settings at power-on.</summary>
    public PhotoSettings PhotoSettings { get; init; } = new();

    /// <summary>The profile that exercises every capability: a 1080p PTZ camera with focus, exposure, white balance and torch.</summary>
    public static CameraProfile Default { get; } = Parse(ReadResource("default-profile.json"));

    /// <summary>Reads a profile from W3C-shaped JSON.</summary>
    /// <exception cref="JsonException">The JSON is not a profile.</exception>
    public static CameraProfile Parse(string json) =>
        JsonSerializer.Deserialize<CameraProfile>(json, MediaJson.Options) ?? throw new JsonException("A camera profile cannot be null.");

    /// <summary>Reads a profile from a JSON file, naming the file in any error.</summary>
    public static CameraProfile Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new JsonException($"Camera profile '{path}' is invalid: {e.Message}", e);
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Capture.Core.Drivers.{name}")
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
