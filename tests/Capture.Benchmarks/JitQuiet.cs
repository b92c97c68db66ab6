using System.Diagnostics;
using System.Runtime;

namespace Capture.Benchmarks;

/// <summary>Waits out the JIT's tiering: a service measured while its methods are still being recompiled is charged for start-up, not for the frames.</summary>
internal static class JitQuiet
{
    /// <summary>Returns once this process compiled no method for five seconds (at most two minutes).</summary>
    public static Task WaitAsync() => WaitAsync(() => JitInfo.GetCompiledMethodCount(), TimeSpan.FromSeconds(5));

    /// <summary>Returns once <paramref name="compiledMethods"/> (negative while unknown) held still for <paramref name="quietFor"/> (at most two minutes).</summary>
    public static async Task WaitAsync(Func<long> compiledMethods, TimeSpan quietFor)
    {
        var clock = Stopwatch.StartNew();
        long compiled = compiledMethods();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < quietFor && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            long now = compiledMethods();
            if (now != compiled || now < 0)
            {
                (compiled, quiet) = (now, Stopwatch.StartNew());
            }
        }
    }
}
