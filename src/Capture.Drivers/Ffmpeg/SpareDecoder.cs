namespace Capture.Drivers.Ffmpeg;

/// <summary>One-shot ffmpeg decoders started before they are asked for, so that a picture on demand does not wait for ffmpeg to start.</summary>
/// <remarks>
/// Starting ffmpeg (loading its two hundred shared libraries) takes 90–100 ms here: longer than decoding a group of
/// pictures. After each on-demand picture, decoders are started for the next ones and wait, blocked on their empty
/// stdin, using no CPU; if nothing asks for <see cref="IdleLifetime"/> they are stopped. Before the first request none
/// runs. If this process dies, a spare's stdin closes and it exits. Every camera shares them. Two wait, not one: a
/// photo, a grabbed frame and a snapshot asked for one after the other would otherwise find a spare still starting.
/// </remarks>
internal static class SpareDecoder
{
    private static readonly Lock Gate = new();
    private const int Spares = 2;

    private static readonly Dictionary<string, Queue<FfmpegProcess>> Waiting = new(StringComparer.Ordinal);
    private static readonly Timer Expiry = new(_ => StopAll());

    /// <summary>How long a spare waits for a request before it is stopped.</summary>
    public static TimeSpan IdleLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many spares of <paramref name="ffmpeg"/> are waiting (for specs).</summary>
    public static int Count(string ffmpeg)
    {
        lock (Gate)
        {
            return Waiting.Where(pair => pair.Key.StartsWith($"{ffmpeg}\0", StringComparison.Ordinal)).Sum(pair => pair.Value.Count);
        }
    }

    /// <summary>The longest-waiting spare for this command line, or a decoder started now.</summary>
    public static FfmpegProcess Take(string ffmpeg, IReadOnlyList<string> arguments)
    {
        string key = Key(ffmpeg, arguments);
        while (true)
        {
            FfmpegProcess? spare = null;
            lock (Gate)
            {
                if (Waiting.TryGetValue(key, out var spares))
                {
                    spares.TryDequeue(out spare);
                }
            }

            if (spare is null)
            {
                return FfmpegProcess.Start(ffmpeg, arguments, input: true);
            }

            if (!spare.HasExited)
            {
                return spare;
            }

            _ = spare.DisposeAsync().AsTask();
        }
    }

    /// <summary>Starts spares for this command line until enough wait, and keeps them for <see cref="IdleLifetime"/> from now.</summary>
    public static void Prepare(string ffmpeg, IReadOnlyList<string> arguments)
    {
        string key = Key(ffmpeg, arguments);
        while (true)
        {
            lock (Gate)
            {
                Expiry.Change(IdleLifetime, Timeout.InfiniteTimeSpan);
                if (Waiting.TryGetValue(key, out var waiting) && waiting.Count >= Spares)
                {
                    return;
                }
            }

            FfmpegProcess started;
            try
            {
                started = FfmpegProcess.Start(ffmpeg, arguments, input: true);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return; // no spare: the next request starts its own decoder and reports why it cannot
            }

            lock (Gate)
            {
                if (!Waiting.TryGetValue(key, out var spares))
                {
                    Waiting[key] = spares = new Queue<FfmpegProcess>();
                }

                if (spares.Count < Spares)
                {
                    spares.Enqueue(started);
                    continue;
                }
            }

            _ = started.DisposeAsync().AsTask(); // other requests prepared enough meanwhile
            return;
        }
    }

    private static void StopAll()
    {
        List<FfmpegProcess> idle;
        lock (Gate)
        {
            idle = [.. Waiting.Values.SelectMany(spares => spares)];
            Waiting.Clear();
        }

        foreach (var spare in idle)
        {
            _ = spare.DisposeAsync().AsTask();
        }
    }

    private static string Key(string ffmpeg, IReadOnlyList<string> arguments) => $"{ffmpeg}\0{string.Join('\0', arguments)}";
}
