using Scalar.AspNetCore;

namespace AkkaOcr.Gateway.Docs;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the human docs page at <c>/docs</c>.</summary>
internal static class ApiDocs
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "AkkaOcr";
            document.Info.Description = "OCR for signed-in users: register, confirm your e-mail with a one-time code, log in, upload images.";
            return Task.CompletedTask;
        }));

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("AkkaOcr API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
