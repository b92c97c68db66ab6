using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Capture.Core.Drivers;

namespace Capture.Drivers.Ffmpeg;

/// <summary>Any source ffmpeg reads (RTSP H.264/H.265 cameras, files, …), through an ffmpeg child process writing MJPEG to its stdout.</summary>
/// <remarks>
/// The process belongs to the camera: it starts on open and is killed on close (with its children). Its stderr is
/// kept (the last lines) and quoted when the stream fails, so "Connection refused" or "401 Unauthorized" reach the
/// camera's status; credentials in the URL are masked there.
/// </remarks>
public sealed partial class FfmpegDriver : MultipartJpegDriver
{
    private readonly string _ffmpeg;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _input;
    private readonly Queue<string> _stderr = new();
    private Process? _process;

    /// <summary>Creates the driver.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="input">What ffmpeg reads: an <c>rtsp://</c> URL, a file, any ffmpeg input.</param>
    /// <param name="frameRate">Output frame rate; the source's own when null.</param>
    /// <param name="loop">Read a file in a loop at its own pace (for test streams and replays).</param>
    /// <param name="quality">JPEG quality as ffmpeg's <c>-q:v</c> (2 best … 31 worst).</param>
    /// <param name="ffmpeg">The ffmpeg executable.</param>
    /// <param name="readTimeout">How long a frame may take before the stream counts as lost.</param>
    public FfmpegDriver(CameraDescriptor descriptor, string input, double? frameRate = null, bool loop = false, int quality = 5, string ffmpeg = "ffmpeg", TimeSpan? readTimeout = null)
        : base(descriptor, readTimeout ?? TimeSpan.FromSeconds(10), frameRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        _ffmpeg = ffmpeg;
        _input = input;
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (input.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            arguments.AddRange(["-rtsp_transport", "tcp"]);
        }

        if (loop)
        {
            arguments.AddRange(["-re", "-stream_loop", "-1"]);
        }

        arguments.AddRange(["-i", input]);
        if (frameRate is { } rate)
        {
            arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-an", "-f", "mpjpeg", "-q:v", quality.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        _arguments = arguments;
    }

    /// <inheritdoc />
    protected override Task<(Stream Stream, string? Boundary)> ConnectAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        lock (_stderr)
        {
            _stderr.Clear();
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{_ffmpeg} did not start.");
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginErrorReadLine();
        _process = process;
        return Task.FromResult<(Stream, string?)>((process.StandardOutput.BaseStream, "ffmpeg"));
    }

    /// <inheritdoc />
    protected override async ValueTask DisconnectAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is not { } process)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override string Describe() => $"ffmpeg camera '{Descriptor.DeviceId}' reading {Mask(_input)}";

    /// <inheritdoc />
    protected override string Explain(Exception error)
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? error.Message : $"{error.Message}; ffmpeg said: {Mask(string.Join(" | ", _stderr))}";
        }
    }

    private void Remember(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > 5)
            {
                _stderr.Dequeue();
            }
        }
    }

    /// <summary>Hides the password of <c>scheme://user:password@host</c> URLs.</summary>
    internal static string Mask(string text) => Credentials().Replace(text, "$1***@");

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]+):[^@\s]*@")]
    private static partial Regex Credentials();
}
