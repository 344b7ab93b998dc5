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
            if (context.Request.ContentLength > AuthEndpoints.MaxBodyBytes || !await TryBufferAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "Request body too large",
                        Detail = $"Auth requests are at most {AuthEndpoints.MaxBodyBytes / 1024} KiB.",
                    },
                });
                return;
            }
            await next(context);
        }));

    private static async Task<bool> TryBufferAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > AuthEndpoints.MaxBodyBytes)
                return false;
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }
}
