using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Capture.Drivers.Ffmpeg;

/// <summary>One ffmpeg child process: started with an argument list (never a shell), its last lines of stderr kept for errors, killed with its children when disposed.</summary>
internal sealed partial class FfmpegProcess : IAsyncDisposable
{
    /// <summary>The pipe a decoder writes its pictures into: one 720p BGRA picture is 3.5 MiB, and through Linux's default 64 KiB pipe it would pass in 56 rounds, each waking both processes.</summary>
    private const int DecoderPipeBytes = 1 << 20;
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    private readonly Process _process;
    private readonly Queue<string> _stderr = new();

    private FfmpegProcess(Process process) => _process = process;

    /// <summary>What ffmpeg writes: the stream it produces.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary><see cref="Output"/> read with blocking reads on the caller's thread; cancelling a read kills ffmpeg.</summary>
    public Stream BlockingOutput => new BlockingPipeStream(Output, Kill);

    /// <summary>Whether ffmpeg has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What ffmpeg reads, when it was started with <c>input</c>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Starts <paramref name="ffmpeg"/> with <paramref name="arguments"/>; with <paramref name="input"/>, its stdin is a pipe to write to (a decoder: its stdout pipe is made large for its pictures).</summary>
    public static FfmpegProcess Start(string ffmpeg, IEnumerable<string> arguments, bool input = false)
    {
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ffmpeg} did not start.");
        if (input && OperatingSystem.IsLinux() && process.StandardOutput.BaseStream is PipeStream output)
        {
            _ = Fcntl((int)output.SafePipeHandle.DangerousGetHandle(), SetPipeSize, DecoderPipeBytes); // best effort: over the user's pipe quota it stays 64 KiB
        }

        var started = new FfmpegProcess(process);
        process.ErrorDataReceived += (_, e) => started.Remember(e.Data);
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary><paramref name="message"/> with what ffmpeg last said, credentials masked.</summary>
    public string Explain(string message)
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? message : $"{message}; ffmpeg said: {Mask(string.Join(" | ", _stderr))}";
        }
    }

    /// <summary>Waits (a little) for ffmpeg to exit, so that its last words on stderr have been read.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running: what it said so far will do.
        }
    }

    /// <summary>Whether ffmpeg's last lines contain <paramref name="text"/>.</summary>
    public bool Said(string text)
    {
        lock (_stderr)
        {
            return _stderr.Any(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Kills ffmpeg and its children now (a read of its output then ends).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (_process)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hides the password of <c>scheme://user:password@host</c> URLs.</summary>
    public static string Mask(string text) => Credentials().Replace(text, "$1:***@");

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

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    // The password runs to the last '@' before the host (greedy): cameras' passwords do contain a raw '@'.
    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]+):[^\s/]*@")]
    private static partial Regex Credentials();
}
