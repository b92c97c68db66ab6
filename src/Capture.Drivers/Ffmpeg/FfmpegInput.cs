using System.Net;

namespace Capture.Drivers.Ffmpeg;

/// <summary>What ffmpeg's <c>-i</c> reads, with a camera's credentials kept out of the child's command line.</summary>
/// <remarks>
/// Every local user can read a process's arguments (<c>ps</c>, <c>/proc/PID/cmdline</c>). A URL that carries a user
/// and password (written in it, or given as <c>username</c>/<c>password</c>) is therefore written into an ffconcat
/// script that only the service's user can read, and ffmpeg reads the script; the credentials are percent-encoded
/// (ffmpeg decodes them), so any character works. The script is deleted when the process ends.
/// </remarks>
internal sealed class FfmpegInput : IDisposable
{
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), $"capture-{Environment.ProcessId}");
    private readonly string? _script;

    private FfmpegInput(IReadOnlyList<string> arguments, string? script)
    {
        Arguments = arguments;
        _script = script;
    }

    /// <summary>The options in front of <c>-i</c> and the <c>-i</c> itself.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The input for <paramref name="input"/>; <paramref name="credentials"/> are added to a URL that has none.</summary>
    public static FfmpegInput Create(string input, NetworkCredential? credentials, bool loop)
    {
        bool rtsp = input.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase);
        string? secret = WithCredentials(input, credentials);
        if (secret is null)
        {
            var arguments = new List<string>();
            if (rtsp)
            {
                arguments.AddRange(["-rtsp_transport", "tcp"]);
            }

            if (loop)
            {
                arguments.AddRange(["-re", "-stream_loop", "-1"]);
            }

            arguments.AddRange(["-i", input]);
            return new FfmpegInput(arguments, null);
        }

        string script = Path.Combine(s_folder, $"{Guid.NewGuid():N}.ffconcat");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(s_folder); // a user's temporary folder is private there already
        }
        else
        {
            Directory.CreateDirectory(s_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(script, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.Write($"ffconcat version 1.0\nfile '{secret.Replace("'", @"'\''", StringComparison.Ordinal)}'\n{(rtsp ? "option rtsp_transport tcp\n" : string.Empty)}");
        }

        return new FfmpegInput(["-f", "concat", "-safe", "0", "-protocol_whitelist", "file,crypto,data,rtsp,rtsps,rtp,srtp,tcp,udp,tls,http,https,httpproxy", "-i", script], script);
    }

    public void Dispose()
    {
        if (_script is not null)
        {
            File.Delete(_script);
        }
    }

    /// <summary>The URL with its credentials (written in it, else given) percent-encoded, or null when it has none to hide.</summary>
    private static string? WithCredentials(string input, NetworkCredential? credentials)
    {
        var (plain, written) = CameraUrl.Split(input);
        var user = written ?? credentials;
        int scheme = plain.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || plain.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(user?.UserName))
        {
            return null;
        }

        return $"{plain[..(scheme + 3)]}{Uri.EscapeDataString(user.UserName)}:{Uri.EscapeDataString(user.Password)}@{plain[(scheme + 3)..]}";
    }
}
