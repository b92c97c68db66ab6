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
}
