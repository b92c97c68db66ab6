using System.Diagnostics;
using System.Runtime;

namespace Capture.Benchmarks;

/// <summary>Waits out the JIT's tiering: a service measured while its methods are still being recompiled is charged for start-up, not for the frames.</summary>
internal static class JitQuiet
{
    /// <summary>Returns once no method was compiled for five seconds (at most two minutes).</summary>
    public static async Task WaitAsync()
    {
        var clock = Stopwatch.StartNew();
        long compiled = JitInfo.GetCompiledMethodCount();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(5) && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            long now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, quiet) = (now, Stopwatch.StartNew());
            }
        }
    }
}
