using System.Globalization;
using Capture.Pipeline.Internal;

namespace Capture.Pipeline.Sinks;

/// <summary>What a crash left in a camera's recordings, put right before the camera records again.</summary>
/// <remarks>
/// MP4 segments are kept up to their last complete fragment, MJPEG AVI segments up to their last whole frame (then
/// indexed), sidecars up to their last whole line; each then takes its final name. Temporary image files, and
/// partial files with nothing worth keeping, are deleted. Finished recordings are never touched.
/// </remarks>
public static class RecordingRecovery
{
    /// <summary>Recovers and cleans the unfinished files of <paramref name="camera"/> under <paramref name="root"/>.</summary>
    /// <returns>The files recovered under a final name.</returns>
    public static IReadOnlyList<string> Run(string root, CameraId camera)
    {
        string folder = Path.Combine(Path.GetFullPath(root), camera.Value);
        var recovered = new List<string>();
        if (!Directory.Exists(folder))
        {
            return recovered;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList())
        {
            try
            {
                if (Recover(file) is { } final)
                {
                    recovered.Add(final);
                }
            }
            catch (IOException)
            {
                // In use or unreadable: left for the next start; nothing finished is at risk.
            }
        }

        return recovered;
    }

    private static string? Recover(string file)
    {
        if (file.EndsWith(".tmp", StringComparison.Ordinal))
        {
            File.Delete(file);
            return null;
        }

        if (!file.EndsWith(RecordingFiles.Partial, StringComparison.Ordinal))
        {
            return null;
        }

        string final = file[..^RecordingFiles.Partial.Length];
        bool kept = Path.GetExtension(final) switch
        {
            ".mp4" => Mp4Recovery.Truncate(file) > 0,
            ".avi" => AviWriter.Recover(file, StartOf(final) ?? File.GetLastWriteTimeUtc(file), File.GetLastWriteTimeUtc(file)) > 0,
            ".jsonl" => TruncateToLastLine(file),
            _ => true,
        };
        if (!kept)
        {
            File.Delete(file);
            return null;
        }

        return RecordingFiles.Complete(file);
    }

    /// <summary>The capture time a segment's name starts with: <c>{camera}-yyyyMMdd-HHmmss-fff</c>.</summary>
    private static DateTime? StartOf(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int at = name.Length - "yyyyMMdd-HHmmss-fff".Length;
        return at > 0 && DateTime.TryParseExact(name[at..], "yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            ? start
            : null;
    }

    private static bool TruncateToLastLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        long end = file.Length;
        var one = new byte[1];
        while (end > 0)
        {
            file.Position = end - 1;
            file.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }

            end--;
        }

        file.SetLength(end);
        return end > 0;
    }
}
