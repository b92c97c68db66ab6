using Capture.Pipeline.Sinks;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Tests.Sinks;

/// <summary>Retention deletes the oldest finished recordings until every limit holds.</summary>
public sealed class RetentionSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("retention-").FullName;

    [Fact]
    public void Retention_should_delete_by_age_then_by_size_oldest_first_and_never_touch_open_files()
    {
        var now = DateTime.UtcNow;
        string old = Recording("cam-a", "old.avi", 100, now.AddDays(-10));
        string a1 = Recording("cam-a", "a1.avi", 400, now.AddHours(-3));
        string a2 = Recording("cam-a", "a2.avi", 400, now.AddHours(-2));
        string b1 = Recording("cam-b", "b1.avi", 100, now.AddHours(-1));
        string open = Recording("cam-a", "a3.avi.part", 5000, now.AddDays(-30));

        int deleted = Retention.Apply(_root, new RetentionSettings(MaxAge: TimeSpan.FromDays(7), MaxBytesPerCamera: 500), now);

        Assert.Equal(2, deleted);
        Assert.False(File.Exists(old));
        Assert.False(File.Exists(a1));
        Assert.True(File.Exists(a2));
        Assert.True(File.Exists(b1));
        Assert.True(File.Exists(open));
    }

    [Fact]
    public void Retention_should_keep_the_total_under_its_limit()
    {
        var now = DateTime.UtcNow;
        var files = Enumerable.Range(0, 6).Select(i => Recording($"cam-{i % 2}", $"s{i}.avi", 100, now.AddMinutes(i))).ToArray();

        Retention.Apply(_root, new RetentionSettings(MaxBytesTotal: 350), now.AddHours(1));

        Assert.Equal([false, false, false, true, true, true], files.Select(File.Exists));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Recording(string camera, string name, int size, DateTime written)
    {
        string path = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, camera, "video")).FullName, name);
        File.WriteAllBytes(path, new byte[size]);
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }
}
