using System.Globalization;
using System.Text.RegularExpressions;
using Capture.Core.Video;

namespace Capture.Pipeline.Sinks;

/// <summary>The finished video segments under <c>{root}/{camera}/video/{day}/</c>: listed by time, found by name, never a file outside that folder.</summary>
public static partial class Recordings
{
    /// <summary>The camera's finished segments that overlap [<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public static IReadOnlyList<Recording> List(string root, CameraId camera, DateTime? from = null, DateTime? to = null)
    {
        string folder = Folder(root, camera);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => Name().IsMatch(Path.GetFileName(path)))
            .Select(Describe)
            .OfType<Recording>()
            .Where(r => (from is null || r.End >= from) && (to is null || r.Start <= to))
            .OrderBy(r => r.Start)];
    }

    /// <summary>The path of the camera's finished segment named <paramref name="name"/>, or null (a name with a path in it never matches).</summary>
    public static string? Find(string root, CameraId camera, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string folder = Folder(root, camera);
        if (!Name().IsMatch(name) || !Directory.Exists(folder))
        {
            return null;
        }

        return Directory.EnumerateFiles(folder, name, SearchOption.AllDirectories).FirstOrDefault();
    }

    private static string Folder(string root, CameraId camera) => Path.Combine(Path.GetFullPath(root), camera.Value, "video");

    private static Recording? Describe(string path)
    {
        var file = new FileInfo(path);
        string name = file.Name;
        var stem = Path.GetFileNameWithoutExtension(name);
        var match = Start().Match(stem);
        if (!match.Success || !DateTime.TryParseExact(match.Value, "yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        bool mp4 = file.Extension == ".mp4";
        return new Recording(name, start, file.LastWriteTimeUtc, file.Length, mp4 ? Mp4Codec(path) : "mjpeg", mp4 ? "video/mp4" : "video/x-msvideo");
    }

    /// <summary>The codec from the segment's initialization segment (its first kilobytes).</summary>
    private static string Mp4Codec(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
            stream.ReadExactly(head);
            return EncodedVideoStream.Parse(head).Codec;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            return "unknown";
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*\.(mp4|avi)$")]
    private static partial Regex Name();

    [GeneratedRegex(@"\d{8}-\d{6}-\d{3}")]
    private static partial Regex Start();
}
