namespace Capture.Pipeline.Sinks;

/// <summary>Deletes finished recordings, oldest first, until every <see cref="RetentionSettings"/> limit holds.</summary>
/// <remarks>Files still being written (<c>*.part</c>) are never touched.</remarks>
public static class Retention
{
    /// <summary>Applies the limits to the recordings under <paramref name="root"/> (one folder per camera).</summary>
    /// <returns>The number of files deleted.</returns>
    public static int Apply(string root, RetentionSettings settings, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings == RetentionSettings.KeepAll || !Directory.Exists(root))
        {
            return 0;
        }

        var files = new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Extension != ".part")
            .Select(f => (File: f, Camera: Path.GetRelativePath(root, f.FullName).Split(Path.DirectorySeparatorChar)[0]))
            .OrderBy(f => f.File.LastWriteTimeUtc)
            .ToList();
        long total = files.Sum(f => f.File.Length);
        var perCamera = files.GroupBy(f => f.Camera).ToDictionary(g => g.Key, g => g.Sum(f => f.File.Length));
        long free = settings.MinFreeBytes is null ? long.MaxValue : new DriveInfo(Path.GetFullPath(root)).AvailableFreeSpace;
        int deleted = 0;
        foreach (var (file, camera) in files)
        {
            bool tooOld = utcNow - file.LastWriteTimeUtc > settings.MaxAge;
            bool cameraFull = perCamera[camera] > settings.MaxBytesPerCamera;
            bool diskFull = total > settings.MaxBytesTotal || free < settings.MinFreeBytes;
            if (!tooOld && !cameraFull && !diskFull)
            {
                continue; // a later file may still belong to a camera over its limit
            }

            long length = file.Length;
            try
            {
                file.Delete();
            }
            catch (IOException)
            {
                continue;
            }

            deleted++;
            total -= length;
            perCamera[camera] -= length;
            free += length;
        }

        return deleted;
    }
}
