using System.Collections.Immutable;

namespace Capture.Pipeline.Configuration;

/// <summary>Where motion events go besides the EventStream (<c>capture.events</c>): the store, webhooks and an MQTT broker.</summary>
/// <param name="StorePath">The SQLite file events and their snapshots are kept in.</param>
/// <param name="Retention">How long events are kept (by their end); null keeps them.</param>
/// <param name="Webhooks">Where every event is POSTed as JSON, and how failed deliveries are retried.</param>
/// <param name="Mqtt">The broker events are published to; null for none.</param>
public sealed record EventSettings(string StorePath, TimeSpan? Retention, WebhookSettings Webhooks, MqttSettings? Mqtt)
{
    internal static EventSettings Read(ConfigReader reader, string recordingPath)
    {
        const string Root = "capture.events";
        const string Urls = $"{Root}.webhooks.urls";
        IList<string> listed;
        try
        {
            listed = reader.Config.GetValue(Urls) is { } list && !list.IsString() ? reader.Config.GetStringList(Urls) : throw new FormatException();
        }
        catch (Exception e) when (e is not CaptureConfigurationException)
        {
            throw reader.Error(Urls, "must be a list of http:// or https:// URLs", e);
        }

        var urls = ImmutableArray.CreateBuilder<Uri>();
        foreach (var (value, i) in listed.Select((v, i) => (v, i)))
        {
            // The URL itself is never repeated in an error: it may hold a token.
            urls.Add(Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : throw reader.Error($"{Urls}[{i}]", "is not an http:// or https:// URL"));
        }

        return new EventSettings(
            Path.GetFullPath(reader.Text($"{Root}.store") ?? "events.db", recordingPath),
            reader.OptionalDuration($"{Root}.retention"),
            new WebhookSettings(
                urls.ToImmutable(),
                reader.Integer($"{Root}.webhooks.attempts", 1, 100),
                reader.Duration($"{Root}.webhooks.min-backoff"),
                reader.Duration($"{Root}.webhooks.max-backoff"),
                reader.Duration($"{Root}.webhooks.timeout")),
            MqttSettings.Read(reader, $"{Root}.mqtt"));
    }
}

/// <summary>The webhooks every event is POSTed to (<c>capture.events.webhooks</c>).</summary>
/// <param name="Urls">The receivers; each gets every event, in order.</param>
/// <param name="Attempts">Tries per event before it is given up (logged).</param>
/// <param name="MinBackoff">The wait after the first failure, doubled after each.</param>
/// <param name="MaxBackoff">The longest wait between tries.</param>
/// <param name="Timeout">How long one try may take.</param>
public sealed record WebhookSettings(ImmutableArray<Uri> Urls, int Attempts, TimeSpan MinBackoff, TimeSpan MaxBackoff, TimeSpan Timeout)
{
    /// <summary>The receivers by host only: a URL's path or query may hold a token, and settings get logged.</summary>
    public override string ToString() =>
        $"WebhookSettings {{ Urls = [{string.Join(", ", Urls.Select(u => $"{u.Scheme}://{u.Host}:{u.Port}/…"))}], Attempts = {Attempts}, MinBackoff = {MinBackoff}, MaxBackoff = {MaxBackoff}, Timeout = {Timeout} }}";
}

/// <summary>The MQTT broker events are published to (<c>capture.events.mqtt</c>).</summary>
/// <param name="Host">The broker's host.</param>
/// <param name="Port">Its port.</param>
/// <param name="TopicPrefix">Topics begin with it: <c>{prefix}/available</c>, <c>{prefix}/events</c>, <c>{prefix}/{camera}/motion</c>.</param>
/// <param name="ClientId">The client id the service connects with.</param>
/// <param name="Credentials">User and password, when the broker asks; never printed.</param>
public sealed record MqttSettings(string Host, int Port, string TopicPrefix, string ClientId, SourceCredentials? Credentials)
{
    internal static MqttSettings? Read(ConfigReader reader, string root)
    {
        if (reader.Text($"{root}.host") is not { Length: > 0 } host)
        {
            return null;
        }

        string prefix = reader.Text($"{root}.topic-prefix") ?? string.Empty;
        if (prefix.Length == 0 || prefix.IndexOfAny(['+', '#', '\0']) >= 0 || prefix.StartsWith('/') || prefix.EndsWith('/'))
        {
            throw reader.Error($"{root}.topic-prefix", "must be a topic without wildcards (+, #) or leading/trailing '/', e.g. capture");
        }

        string? user = reader.Text($"{root}.username") is { Length: > 0 } u ? u : Environment.GetEnvironmentVariable(reader.Text($"{root}.username-env") ?? string.Empty);
        string? password = reader.Text($"{root}.password") is { Length: > 0 } p ? p : Environment.GetEnvironmentVariable(reader.Text($"{root}.password-env") ?? string.Empty);
        return new MqttSettings(
            host,
            reader.Integer($"{root}.port", 1, 65535),
            prefix,
            reader.Text($"{root}.client-id") is { Length: > 0 } id ? id : "capture-pipeline",
            user is { Length: > 0 } ? new SourceCredentials(user, password ?? string.Empty) : null);
    }
}
