using System.Diagnostics;
using System.Globalization;

namespace Capture.Benchmarks;

/// <summary>The frame count an ffmpeg started with <c>-progress pipe:1</c> reports, as it goes.</summary>
internal static class FfmpegProgress
{
    /// <summary>Starts reading <paramref name="process"/>'s output (and draining its errors); returns the latest <c>frame=</c> count.</summary>
    public static Func<long> Follow(Process process)
    {
        long frames = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("frame=", StringComparison.Ordinal) && long.TryParse(line.AsSpan(6), CultureInfo.InvariantCulture, out long n))
            {
                Interlocked.Exchange(ref frames, n);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return () => Interlocked.Read(ref frames);
    }
}
