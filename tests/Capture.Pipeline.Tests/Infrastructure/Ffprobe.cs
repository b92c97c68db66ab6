using System.Globalization;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>What ffprobe says of a recording: its codec, how many frames it decodes to, whether it opens with a keyframe, whether it plays to the end.</summary>
internal static class Ffprobe
{
    public static string Codec(string file) =>
        Tools.Run(Tools.Find("ffprobe")!, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file).Trim();

    /// <summary>The video packets in the file (each one frame as it was received).</summary>
    public static int Packets(string file) => int.Parse(
        Tools.Run(Tools.Find("ffprobe")!, "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file).Trim(),
        CultureInfo.InvariantCulture);

    /// <summary>Whether the first packet is a keyframe.</summary>
    public static bool OpensWithKeyframe(string file) =>
        Tools.Run(Tools.Find("ffprobe")!, "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=flags", "-of", "csv=p=0", file).Trim().StartsWith('K');

    /// <summary>Decodes the whole file and fails the spec, quoting ffmpeg, at the first error (-xerror).</summary>
    public static void AssertPlays(string file) =>
        Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-xerror", "-i", file, "-f", "null", "-");
}
