using AkkaOcr.Gateway.Hosting;

namespace AkkaOcr.Gateway.Users;

/// <summary>
/// Auth bodies are a few small fields. One larger than <see cref="AuthEndpoints.MaxBodyBytes"/> is
/// refused with 400 and a problem body, as the auth contract lists no 413, whether it declares its
/// length or is chunked. The body is read into memory up to that bound, never further.
/// </summary>
public static class AuthBodyLimit
{
    public static IApplicationBuilder UseAuthBodyLimit(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/auth"), branch => branch.Use(async (context, next) =>
        {
            var body = context.Request.ContentLength > AuthEndpoints.MaxBodyBytes
                ? null
                : await BoundedBody.ReadAsync(context.Request.Body, AuthEndpoints.MaxBodyBytes, context.RequestAborted);
            if (body is null)
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Request body too large",
                    $"Auth requests are at most {AuthEndpoints.MaxBodyBytes / 1024} KiB.");
                return;
            }
            context.Request.Body = body;
            context.Response.RegisterForDispose(body);
            await next(context);
        }));
}
