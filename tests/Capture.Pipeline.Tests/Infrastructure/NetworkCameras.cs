using System.Diagnostics;
using Capture.Core.Media;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>What the network camera specs share: opening a camera whose test server may still be starting, and finding the ffmpeg children that read cameras.</summary>
internal static class NetworkCameras
{
    /// <summary>Opens the first camera of <paramref name="devices"/>, retrying while its server starts listening (no probe connection is made: some test servers take one client).</summary>
    public static async Task<MediaStreamTrack> OpenAsync(MediaDevices devices)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return (await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true })).GetVideoTracks()[0];
            }
            catch (MediaException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>This process's ffmpeg children reading a camera (not decoders, which read their stdin: spares wait between pictures on demand).</summary>
    public static List<Process> FfmpegReaders() =>
        [.. Process.GetProcessesByName("ffmpeg").Where(p =>
            File.ReadAllText($"/proc/{p.Id}/stat").Split(' ')[3] == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && !File.ReadAllText($"/proc/{p.Id}/cmdline").Contains("pipe:0", StringComparison.Ordinal))];
}
