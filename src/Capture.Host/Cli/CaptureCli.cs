using System.CommandLine;
using System.Text.Json;

namespace Capture.Host.Cli;

/// <summary>The command line: <c>run</c> (the default: the service), and <c>cameras</c> and <c>photo</c> against a running service.</summary>
/// <remarks>
/// System.CommandLine gives <c>--help</c>, <c>--version</c>, typed options and errors without stack traces. <c>run</c>
/// passes what it does not know (<c>--config</c>, <c>--urls</c>, any ASP.NET setting as <c>--Section:Key value</c>) to
/// the host; a bare word where a command belongs is a typo, refused, and never starts a second service. Exit codes:
/// 0 done, 1 a usage or W3C error, 2 an invalid configuration, 3 the service cannot be reached.
/// </remarks>
internal static class CaptureCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors) =>
        Commands(output, errors).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });

    private static RootCommand Commands(TextWriter output, TextWriter errors)
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The service to talk to.",
            DefaultValueFactory = _ => new Uri(CaptureWebApp.DefaultUrl),
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--url must be an http:// or https:// address, got '{text}'.");
                return null;
            },
        };
        var key = new Option<string?>("--key") { Description = "Its API key (default: the Capture__ApiKey environment variable)." };

        var cameras = new Command("cameras", "List the cameras of a running service with their health.") { url, key };
        cameras.SetAction((parse, ct) => CallAsync(parse, url, key, errors, client => CamerasAsync(client, output, ct)));

        var camera = new Argument<string>("camera") { Description = "The camera's id." };
        var file = new Option<FileInfo>("--output", "-o") { Description = "Where the JPEG goes (a burst: FILE-1.jpg …).", Required = true };
        var width = Positive("--width", "imageWidth of the photo.");
        var height = Positive("--height", "imageHeight of the photo.");
        var count = Positive("--count", "Photos in a burst (default 1).");
        var photo = new Command("photo", "Take a photo (or a burst) with a running service's camera.") { camera, file, width, height, count, url, key };
        photo.SetAction((parse, ct) => CallAsync(parse, url, key, errors, client => PhotoAsync(
            client,
            parse.GetRequiredValue(camera),
            parse.GetRequiredValue(file).FullName,
            new Dictionary<string, int?> { ["imageWidth"] = parse.GetValue(width), ["imageHeight"] = parse.GetValue(height) },
            parse.GetValue(count) ?? 1,
            output,
            errors,
            ct)));

        var run = new Command("run", "Run the service (the default): --config FILE, --urls URLS, and any ASP.NET setting as --Section:Key value.") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction((parse, _) => CaptureWebApp.RunAsync([.. parse.UnmatchedTokens]));

        var root = new RootCommand("Capture.Pipeline: many cameras, each a W3C MediaStream Image Capture camera, as a service.") { run, cameras, photo };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (parse, _) =>
        {
            if (parse.UnmatchedTokens is [var first, ..] && !first.StartsWith('-'))
            {
                await errors.WriteLineAsync($"Unknown command '{first}'; the commands are run (the default), cameras and photo (--help says more).");
                return 1;
            }

            return await CaptureWebApp.RunAsync([.. parse.UnmatchedTokens]);
        });
        return root;
    }

    /// <summary>A whole number of at least 1, with an error in words (not a .NET type name) for anything else.</summary>
    private static Option<int?> Positive(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= 1)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number of at least 1, got '{text}'.");
            return null;
        },
    };

    private static async Task<int> CallAsync(ParseResult parse, Option<Uri> url, Option<string?> key, TextWriter errors, Func<HttpClient, Task<int>> call)
    {
        using var client = new HttpClient { BaseAddress = parse.GetValue(url), Timeout = TimeSpan.FromSeconds(30) };
        if ((parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Capture__ApiKey")) is { Length: > 0 } apiKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        try
        {
            return await call(client);
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"Cannot reach the service at {client.BaseAddress}: {e.Message}");
            return 3;
        }
    }

    private static async Task<int> CamerasAsync(HttpClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var cameras = await client.GetFromJsonAsync<JsonElement>("/api/cameras", cancellationToken);
        await output.WriteLineAsync($"{"CAMERA",-20} {"HEALTH",-13} {"FRAMES",10} {"RESTARTS/H",10}  LABEL");
        foreach (var camera in cameras.EnumerateArray())
        {
            await output.WriteLineAsync($"{camera.GetProperty("cameraId").GetString(),-20} {camera.GetProperty("health").GetString(),-13} {camera.GetProperty("framesDelivered").GetInt64(),10} {camera.GetProperty("restartsLastHour").GetInt32(),10}  {camera.GetProperty("label").GetString()}");
        }

        return 0;
    }

    private static async Task<int> PhotoAsync(HttpClient client, string camera, string file, Dictionary<string, int?> size, int count, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var settings = size.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value);
        for (int i = 1; i <= count; i++)
        {
            var response = await client.PostAsJsonAsync($"/api/cameras/{Uri.EscapeDataString(camera)}/photo", settings, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                await errors.WriteLineAsync($"{Text(problem, "name") ?? response.StatusCode.ToString()}: {Text(problem, "detail")}");
                return 1;
            }

            string target = count == 1 ? file : $"{Path.ChangeExtension(file, null)}-{i}{Path.GetExtension(file)}";
            await File.WriteAllBytesAsync(target, await response.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
            if (count > 1)
            {
                await errors.WriteAsync($"\r[{new string('#', i * 30 / count),-30}] {i}/{count}");
            }
            else
            {
                await output.WriteLineAsync($"wrote {target}");
            }
        }

        if (count > 1)
        {
            await errors.WriteLineAsync();
            await output.WriteLineAsync($"wrote {count} photos: {Path.ChangeExtension(file, null)}-1..{count}{Path.GetExtension(file)}");
        }

        return 0;
    }

    private static string? Text(JsonElement element, string member) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(member, out var value) ? value.ToString() : null;
}
