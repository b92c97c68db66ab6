using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Capture.Core.Frames;

namespace Capture.Host.Tests.Api;

/// <summary>Calls on the whole rig through the REST API.</summary>
[Collection(FakeGigECamera.Collection)]
public sealed class RigApiSpecs
{
    [ToolFact("arv-fake-gv-camera-0.8")]
    public async Task A_rig_trigger_photo_and_start_should_answer_each_cameras_frame_and_features_should_be_reached_by_name()
    {
        using var fake = FakeGigECamera.Start();
        string folder = Directory.CreateTempSubdirectory("rig-api-").FullName;
        string config = Path.Combine(folder, "rig.conf");
        await File.WriteAllTextAsync(config, $$"""
            capture.recording.path = "{{folder}}/recordings"
            capture.cameras {
              gige { source = genicam, device = "{{FakeGigECamera.FirstAddress}}", width = 320, height = 240, trigger { mode = software } }
              synthetic { width = 160, height = 120 }
            }
            """);
        await using (var service = await InProcessService.StartAsync(config))
        {
            await Eventually.UntilAsync(
                async ct => await service.Client.GetFromJsonAsync<JsonElement>("/api/cameras/gige", ct),
                status => status.GetProperty("health").GetString() == "Healthy",
                "the triggered camera live");

            using var everyGenicam = await service.Client.PostAsync("/api/rig/trigger", null);
            using var listed = await service.Client.PostAsync("/api/rig/trigger", new StringContent("""{"cameras":["gige","synthetic"]}""", Encoding.UTF8, "application/json"));
            using var hostile = await service.Client.PostAsync("/api/rig/trigger", new StringContent("""{"cameras":["../etc"]}""", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, everyGenicam.StatusCode);
            var first = JsonDocument.Parse(await everyGenicam.Content.ReadAsStringAsync()).RootElement;
            var frame = Assert.Single(first.GetProperty("frames").EnumerateArray());
            Assert.Equal("gige", frame.GetProperty("cameraId").GetString());
            Assert.True(frame.GetProperty("arrivedAt").GetDateTimeOffset() >= frame.GetProperty("firedAt").GetDateTimeOffset());
            Assert.Empty(first.GetProperty("failed").EnumerateArray());

            var second = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(frame.GetProperty("sequence").GetInt64() + 1, Assert.Single(second.GetProperty("frames").EnumerateArray()).GetProperty("sequence").GetInt64());
            Assert.Equal("NotSupportedError", Assert.Single(second.GetProperty("failed").EnumerateArray()).GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);

            // A photo on every camera at one instant (the triggered one fires for it); a synchronised start of those that can.
            using var photos = await service.Client.PostAsync("/api/rig/photo", new StringContent("""{"settings":{"fillLightMode":"off"}}""", Encoding.UTF8, "application/json"));
            using var start = await service.Client.PostAsync("/api/rig/start", new StringContent("""{"cameras":["synthetic","gige"]}""", Encoding.UTF8, "application/json"));
            var shot = JsonDocument.Parse(await photos.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(["gige", "synthetic"], shot.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("cameraId").GetString()).Order());
            Assert.All(shot.GetProperty("photos").EnumerateArray(), p => Assert.NotNull(JpegInfo.Read(p.GetProperty("bytes").GetBytesFromBase64())));
            var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("synthetic", Assert.Single(started.GetProperty("frames").EnumerateArray()).GetProperty("cameraId").GetString());
            Assert.Equal(("gige", "NotSupportedError"), (started.GetProperty("failed")[0].GetProperty("cameraId").GetString(), started.GetProperty("failed")[0].GetProperty("name").GetString())); // it starts on its trigger

            // Every other GenICam feature by its own name, written and read back.
            using var written = await service.Client.PutAsync("/api/cameras/gige/features/GainRaw", new StringContent("""{"value":"5"}""", Encoding.UTF8, "application/json"));
            var read = await service.Client.GetFromJsonAsync<JsonElement>("/api/cameras/gige/features/GainRaw");
            using var unknown = await service.Client.GetAsync("/api/cameras/gige/features/NoSuchFeature");
            using var empty = await service.Client.PutAsync("/api/cameras/gige/features/GainRaw", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal("5", JsonDocument.Parse(await written.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString());
            Assert.Equal(("GainRaw", "5"), (read.GetProperty("name").GetString(), read.GetProperty("value").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        Directory.Delete(folder, recursive: true);
    }
}
