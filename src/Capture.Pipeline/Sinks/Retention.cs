using Capture.Pipeline.Configuration;
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

        // Other cameras' sinks rename and delete files while this scans: a file that vanished is simply not there.
        var files = new List<(FileInfo File, string Camera, long Length, DateTime Written)>();
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Extension is ".part" or ".tmp")
            {
                continue;
            }

            try
            {
                files.Add((file, Path.GetRelativePath(root, file.FullName).Split(Path.DirectorySeparatorChar)[0], file.Length, file.LastWriteTimeUtc));
            }
            catch (FileNotFoundException)
            {
                // Renamed or deleted meanwhile.
            }
        }

        files.Sort((a, b) => a.Written.CompareTo(b.Written));
        long total = files.Sum(f => f.Length);
        var perCamera = files.GroupBy(f => f.Camera).ToDictionary(g => g.Key, g => g.Sum(f => f.Length));
        long free = settings.MinFreeBytes is null ? long.MaxValue : new DriveInfo(Path.GetFullPath(root)).AvailableFreeSpace;
        int deleted = 0;
        foreach (var (file, camera, length, written) in files)
        {
            bool tooOld = utcNow - written > settings.MaxAge;
            bool cameraFull = perCamera[camera] > settings.MaxBytesPerCamera;
            bool diskFull = total > settings.MaxBytesTotal || free < settings.MinFreeBytes;
            if (!tooOld && !cameraFull && !diskFull)
            {
                continue; // a later file may still belong to a camera over its limit
            }

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
