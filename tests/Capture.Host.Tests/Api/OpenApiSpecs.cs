using System.Net.Http.Json;
using System.Text.Json;

namespace Capture.Host.Tests.Api;

/// <summary>The OpenAPI document as a linter reads it (redocly's recommended rules: docs/decisions.md has the run): security, ids, summaries, errors.</summary>
public sealed class OpenApiSpecs(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Every_operation_should_have_an_id_a_summary_its_problem_responses_and_its_security()
    {
        var document = await service.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToArray();

        Assert.True(operations.Length > 15, $"{operations.Length} operations");
        Assert.Equal(["apiKey", "bearer"], document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).Order());
        Assert.Equal(2, document.GetProperty("security").GetArrayLength());
        Assert.All(document.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("summary", out _), $"{o.Method} {o.Path} has no summary"));
        Assert.Equal(operations.Length, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations, o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("4XX", out var problem) && problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{o.Method} {o.Path} has no problem response"));
        Assert.Empty(operations.Single(o => o.Path == "/api/session").Operation.GetProperty("security")[0].EnumerateObject()); // the sign-in is open: an empty requirement
    }

    [Theory]
    [InlineData("ConstrainDouble", "number,object")]
    [InlineData("ConstrainDoubleOrBoolean", "boolean,number,object")]
    [InlineData("ConstrainBoolean", "boolean,object")]
    [InlineData("ConstrainString", "string,array,object")]
    [InlineData("ConstrainPoint2D", "array,object")]
    public async Task Each_constraint_union_should_have_the_W3C_shapes_not_an_empty_schema(string name, string shapes)
    {
        var document = await service.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);

        var choices = schema.GetProperty("oneOf").EnumerateArray().ToArray();

        Assert.Equal(shapes, string.Join(',', choices.Select(c => c.GetProperty("type").GetString())));
        var parameters = choices.Single(c => c.GetProperty("type").GetString() == "object").GetProperty("properties");
        Assert.True(parameters.TryGetProperty("exact", out _) && parameters.TryGetProperty("ideal", out _), $"{name}: {parameters}");
        Assert.Equal(name.Contains("Double", StringComparison.Ordinal), parameters.TryGetProperty("min", out _));
    }
}
