using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Capture.Host.Tests;

/// <summary>Capture.Host.dll from this test's output, run with <c>dotnet</c> and its output collected.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(params string[] arguments)
    {
        // env (which execs, keeping the pid) restores SIGINT's default: a test run started in the background by a
        // non-interactive shell ignores SIGINT, and its children would inherit that, as an operator's Ctrl-C never is.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Capture.Host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new HostProcess(Process.Start(start)!);
    }

    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Output))
        {
            Assert.False(_process.HasExited, $"the host exited early:\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the host did not get there in {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    public void Signal(PosixSignal signal) => Assert.Equal(0, Kill(_process.Id, signal == PosixSignal.SIGINT ? 2 : 15));

    /// <summary>SIGKILL, the process alone (its ffmpeg children see their pipe close, as after a real crash).</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
