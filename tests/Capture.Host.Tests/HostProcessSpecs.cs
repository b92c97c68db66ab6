using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Capture.Host.Tests;

/// <summary>The service as an operator runs it: its own process, the default rig, Ctrl-C (SIGINT) and SIGTERM.</summary>
public sealed class HostProcessSpecs
{
    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Host_should_start_the_default_rig_and_stop_every_camera_within_5_seconds(PosixSignal signal)
    {
        await using var host = HostProcess.Start();

        await host.WaitForOutputAsync(log => CountOf(log, "-> Healthy") >= 3, TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        host.Signal(signal);
        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopped in {stopwatch.Elapsed}");
        Assert.Equal(0, exitCode);
        Assert.Contains("Cameras stopped: [front-door, back-yard, lab-bench]", host.Output, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(host.Output, "-> Stopped"));
    }

    [Fact]
    public async Task Host_should_refuse_to_start_on_an_invalid_config_naming_the_key_and_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"rig-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "capture.cameras.cam-1.width = wide");
        await using var host = HostProcess.Start("--config", file);

        int exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}: capture.cameras.cam-1.width: must be a number", host.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Capture.Host.dll from this test's output, run with <c>dotnet</c> and its output collected.</summary>
    private sealed class HostProcess : IAsyncDisposable
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
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
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
}
