using System.Globalization;
using System.Text.Json;

namespace Capture.Host.Cli;

/// <summary>The commands that talk to a running service: <c>cameras</c> and <c>photo</c>.</summary>
/// <remarks>
/// <c>Capture.Host cameras [--url U] [--key K]</c> lists the cameras;
/// <c>Capture.Host photo CAMERA -o FILE.jpg [--width W] [--height H] [--count N] [--url U] [--key K]</c> takes one photo,
/// or a burst of N (FILE-1.jpg …) with a progress bar.
/// </remarks>
internal static class CaptureCli
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "cameras" or "photo";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var options = Options(args.Skip(1).ToArray(), out var positional);
        using var client = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("url") ?? CaptureWebApp.DefaultUrl), Timeout = TimeSpan.FromSeconds(30) };
        if ((options.GetValueOrDefault("key") ?? Environment.GetEnvironmentVariable("Capture__ApiKey")) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        try
        {
            return args[0] == "cameras" ? await CamerasAsync(client, output) : await PhotoAsync(client, positional, options, output, errors);
        }
        catch (HttpRequestException e)
        {
            errors.WriteLine($"Cannot reach the service at {client.BaseAddress}: {e.Message}");
            return 3;
        }
    }

    private static async Task<int> CamerasAsync(HttpClient client, TextWriter output)
    {
        var cameras = await client.GetFromJsonAsync<JsonElement>("/api/cameras");
        output.WriteLine($"{"CAMERA",-20} {"HEALTH",-13} {"FRAMES",10} {"RESTARTS/H",10}  LABEL");
        foreach (var camera in cameras.EnumerateArray())
        {
            output.WriteLine($"{camera.GetProperty("cameraId").GetString(),-20} {camera.GetProperty("health").GetString(),-13} {camera.GetProperty("framesDelivered").GetInt64(),10} {camera.GetProperty("restartsLastHour").GetInt32(),10}  {camera.GetProperty("label").GetString()}");
        }

        return 0;
    }

    private static async Task<int> PhotoAsync(HttpClient client, List<string> positional, Dictionary<string, string> options, TextWriter output, TextWriter errors)
    {
        if (positional.Count != 1 || !options.TryGetValue("o", out var file))
        {
            errors.WriteLine("usage: photo CAMERA -o FILE.jpg [--width W] [--height H] [--count N] [--url U] [--key K]");
            return 2;
        }

        int count = int.Parse(options.GetValueOrDefault("count") ?? "1", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, double>();
        foreach (var (option, member) in new[] { ("width", "imageWidth"), ("height", "imageHeight") })
        {
            if (options.TryGetValue(option, out var value))
            {
                settings[member] = double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        for (int i = 1; i <= count; i++)
        {
            var response = await client.PostAsJsonAsync($"/api/cameras/{Uri.EscapeDataString(positional[0])}/photo", settings);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                errors.WriteLine($"{Text(problem, "name") ?? response.StatusCode.ToString()}: {Text(problem, "detail")}");
                return 1;
            }

            string target = count == 1 ? file : $"{Path.ChangeExtension(file, null)}-{i}{Path.GetExtension(file)}";
            await File.WriteAllBytesAsync(target, await response.Content.ReadAsByteArrayAsync());
            if (count > 1)
            {
                errors.Write($"\r[{new string('#', i * 30 / count),-30}] {i}/{count}");
            }
            else
            {
                output.WriteLine($"wrote {target}");
            }
        }

        if (count > 1)
        {
            errors.WriteLine();
            output.WriteLine($"wrote {count} photos: {Path.ChangeExtension(file, null)}-1..{count}{Path.GetExtension(file)}");
        }

        return 0;
    }

    private static string? Text(JsonElement element, string member) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(member, out var value) ? value.ToString() : null;

    private static Dictionary<string, string> Options(string[] args, out List<string> positional)
    {
        var options = new Dictionary<string, string>();
        positional = [];
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-') && i + 1 < args.Length)
            {
                options[args[i].TrimStart('-')] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return options;
    }
}
