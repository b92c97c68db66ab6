using System.Globalization;

namespace Capture.Pipeline.Sinks;

/// <summary>Names of recordings: a file being written is <c>{final}.part</c> (or <c>.tmp</c>) and takes its final name only when complete, never over another file.</summary>
internal static class RecordingFiles
{
    /// <summary>The suffix of a segment or sidecar still being written.</summary>
    public const string Partial = ".part";

    /// <summary><paramref name="path"/>, or the same name with <c>-1</c>, <c>-2</c>… when that name (or its partial file) is taken, so nothing finished is overwritten.</summary>
    public static string Unique(string path)
    {
        string candidate = path;
        for (int i = 1; File.Exists(candidate) || File.Exists(candidate + Partial); i++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{i}{Path.GetExtension(path)}");
        }

        return candidate;
    }

    /// <summary>Gives a finished partial file its final name (a free one, if another file took it meanwhile).</summary>
    /// <returns>The final path.</returns>
    public static string Complete(string partial)
    {
        string final = partial[..^Partial.Length];
        if (File.Exists(final))
        {
            final = Unique(final);
        }

        File.Move(partial, final, overwrite: false);
        return final;
    }

    /// <summary>A free path for a new video segment: <c>{root}/{camera}/video/{yyyy-MM-dd}/{camera}-{yyyyMMdd-HHmmss-fff}{extension}</c>, its folder created.</summary>
    public static string NewSegment(string root, CameraId camera, DateTime utc, string extension)
    {
        string folder = Directory.CreateDirectory(Path.Combine(root, camera.Value, "video", utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        return Unique(Path.Combine(folder, $"{camera}-{utc.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}{extension}"));
    }

    /// <summary>Closes a segment's writer (which completes its file), releases it whatever happens, and gives the file its final name.</summary>
    /// <returns>The final path.</returns>
    public static string Finish(Action close, IDisposable writer, string partial)
    {
        try
        {
            close();
        }
        finally
        {
            writer.Dispose();
        }

        return Complete(partial);
    }
}
