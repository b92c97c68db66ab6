using System.IO.Pipes;
using System.Runtime.InteropServices;
using Capture.Drivers.Ffmpeg;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>How the ffmpeg children are wired: a decoder's pictures leave it through a pipe large enough for a picture to pass in a few rounds.</summary>
public sealed class FfmpegProcessSpecs
{
    [ToolFact("ffmpeg")]
    public async Task A_decoder_should_write_its_pictures_into_a_1_MiB_pipe_and_a_camera_into_the_default_one()
    {
        await using var decoder = FfmpegProcess.Start(Tools.Find("ffmpeg")!, ["-hide_banner", "-f", "rawvideo", "-i", "pipe:0", "-f", "null", "-"], input: true);
        await using var camera = FfmpegProcess.Start(Tools.Find("ffmpeg")!, ["-hide_banner", "-f", "lavfi", "-i", "testsrc2", "-f", "null", "-"]);

        Assert.Equal(1 << 20, PipeSize(decoder.Output));
        Assert.Equal(1 << 16, PipeSize(camera.Output));
    }

    private static int PipeSize(Stream output) => Fcntl((int)((PipeStream)output).SafePipeHandle.DangerousGetHandle(), 1032, 0); // F_GETPIPE_SZ

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int descriptor, int command, int argument);
}
