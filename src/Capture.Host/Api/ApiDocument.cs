using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Capture.Host.Api;

/// <summary>What the generated OpenAPI document cannot know by itself: the API-key schemes, the constraint unions' shapes, the open endpoints (from their AllowAnonymous metadata), the server without a trailing slash.</summary>
internal static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeAsync);
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement()]; // open: liveness and the sign-in itself
            }

            return Task.CompletedTask;
        });
    }

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info.License = new OpenApiLicense { Name = "Apache-2.0", Identifier = "Apache-2.0" };
        ConstraintSchemas.Describe(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "Required when the service is bound beyond loopback (Capture:ApiKey). Never in a URL.",
        };
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same API key as a Bearer token.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
        ];
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["MediaProblem"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An error as application/problem+json, with the W3C DOMException name (and, for OverconstrainedError, the constraint).",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "OverconstrainedError, TypeError, NotSupportedError, NotFoundError, InvalidStateError, UnknownError, NotReadableError…" },
                ["constraint"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        };
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                // A stable id from the route: GET /api/cameras/{id}/settings → getApiCamerasIdSettings.
                operation.OperationId ??= method.Method.ToLowerInvariant() + string.Concat(path.Split('/', '{', '}', '.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("4XX", new OpenApiResponse
                {
                    Description = "The W3C error of the call, or an unknown camera, a bad body or a missing API key.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("MediaProblem", document) } },
                });
            }
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= tag.Name switch
            {
                "Cameras" => "Each camera as a W3C MediaStreamTrack and ImageCapture: capabilities, constraints, settings, photos, frames.",
                "Live" => "Live views: MJPEG, fragmented MP4 for Media Source Extensions, the latest picture.",
                "Recordings" => "Finished recording segments, listed by time and served with range requests.",
                _ => "Liveness, readiness, metrics and the dashboard's sign-in.",
            };
        }

        return Task.CompletedTask;
    }
}
