using System.Net.Http.Headers;
using System.Threading.Channels;
using Akka.Event;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Events;

/// <summary>POSTs every event to every configured webhook, in order, retrying each with back-off.</summary>
/// <remarks>
/// One queue and one loop per receiver, so a receiver that is down delays only its own deliveries. A failed try (an
/// error status, a refused connection, a timeout) waits <c>min-backoff</c>, doubling up to <c>max-backoff</c>, for up
/// to <c>attempts</c> tries; then the event is given up and logged. A receiver's failures are logged once per outage
/// (and its recovery once). Receivers are named in logs by scheme, host and port only: a path or query may hold a token.
/// </remarks>
public sealed class WebhookDelivery : IAsyncDisposable
{
    private const int QueueLength = 1000;
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly WebhookSettings _settings;
    private readonly ILoggingAdapter _log;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(Channel<byte[]> Queue, Task Loop)> _receivers = [];
    private long _givenUp;

    /// <summary>Starts one delivery loop per receiver of <paramref name="settings"/>.</summary>
    public WebhookDelivery(WebhookSettings settings, ILoggingAdapter log, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        (_settings, _log) = (settings, log);
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = settings.Timeout };
        foreach (var url in settings.Urls)
        {
            string name = $"{url.Scheme}://{url.Host}:{url.Port}";
            var queue = Channel.CreateBounded<byte[]>(
                new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => log.Warning("Webhook {Receiver}: {Length} events waiting; the oldest was given up", name, QueueLength));
            _receivers.Add((queue, Task.Run(() => DeliverAsync(url, name, queue.Reader))));
        }
    }

    /// <summary>Events given up after every try failed, since start.</summary>
    public long GivenUp => Interlocked.Read(ref _givenUp);

    /// <summary>Queues <paramref name="json"/> for every receiver.</summary>
    public void Post(byte[] json)
    {
        foreach (var (queue, _) in _receivers)
        {
            queue.Writer.TryWrite(json);
        }
    }

    /// <summary>Delivers what is queued for up to a few seconds, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (queue, _) in _receivers)
        {
            queue.Writer.TryComplete();
        }

        var loops = Task.WhenAll(_receivers.Select(r => r.Loop));
        if (await Task.WhenAny(loops, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != loops)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await loops.ConfigureAwait(false);
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(Uri url, string name, ChannelReader<byte[]> queue)
    {
        bool failing = false;
        try
        {
            await foreach (var json in queue.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                var backoff = _settings.MinBackoff;
                for (int attempt = 1; ; attempt++)
                {
                    string? problem = await TryPostAsync(url, json).ConfigureAwait(false);
                    if (problem is null)
                    {
                        if (failing)
                        {
                            _log.Info("Webhook {Receiver}: delivering again", name);
                            failing = false;
                        }

                        break;
                    }

                    if (!failing)
                    {
                        _log.Warning("Webhook {Receiver}: {Problem}; retrying with back-off", name, problem);
                        failing = true;
                    }

                    if (attempt >= _settings.Attempts)
                    {
                        Interlocked.Increment(ref _givenUp);
                        _log.Warning("Webhook {Receiver}: an event was given up after {Attempts} tries ({Problem})", name, attempt, problem);
                        break;
                    }

                    await Task.Delay(backoff, _stopping.Token).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.MaxBackoff.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: what is left is not delivered.
        }
    }

    /// <summary>Null when the receiver took the event (2xx); otherwise what went wrong, without the URL.</summary>
    private async Task<string?> TryPostAsync(Uri url, byte[] json)
    {
        try
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = s_json;
            using var response = await _http.PostAsync(url, content, _stopping.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
        catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return $"no answer within {_settings.Timeout.TotalSeconds:0.#} s";
        }
    }
}
