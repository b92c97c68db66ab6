// The seed's flow in C#: pick a camera, print its capabilities, apply zoom, take a photo.
//   dotnet run --project samples/TakePhoto -- [zoom] [output.jpg]
using System.Text.Json;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Imaging;
using Capture.Core.Json;
using Capture.Core.Media;

double zoom = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2;
string output = args.Length > 1 ? args[1] : "photo.jpg";

await using var devices = new MediaDevices(new SyntheticCameraDriver("front-door"), new SyntheticCameraDriver("back-yard"));
foreach (var device in await devices.EnumerateDevicesAsync())
{
    Console.WriteLine($"{device.Kind} {device.DeviceId}: {device.Label}");
}

var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = new MediaTrackConstraints { DeviceId = "front-door" } });
var track = stream.GetVideoTracks()[0];
Console.WriteLine($"capabilities: {JsonSerializer.Serialize(track.GetCapabilities(), MediaJson.Options)}");

try
{
    await track.ApplyConstraintsAsync(new MediaTrackConstraints { Advanced = [new() { Zoom = zoom }] });
    Console.WriteLine($"zoom is now {track.GetSettings().Zoom}");
}
catch (OverconstrainedException e)
{
    Console.WriteLine($"{e.Name}: {e.Constraint} ({e.Message})");
}

var imageCapture = new ImageCapture(track);
var photo = await imageCapture.TakePhotoAsync(new PhotoSettings { ImageWidth = 1280 });
await File.WriteAllBytesAsync(output, photo.Bytes.ToArray());
Console.WriteLine($"wrote {output}: {photo.Size} bytes of {photo.Type}");
track.Stop();
