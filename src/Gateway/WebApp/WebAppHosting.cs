using Microsoft.Extensions.FileProviders;

namespace AkkaOcr.Gateway.WebApp;

/// <summary>
/// The web app at <c>/</c>: static HTML, CSS and JavaScript modules from <c>wwwroot</c> that talk only to
/// the public API of the same origin. Any gateway serves it; it keeps no server session.
/// </summary>
public static class WebAppHosting
{
    /// <summary>
    /// Only the app's own files run or style the page; images may also be the user's upload, shown from a
    /// blob URL. Scoped to the web app's files, since the API docs page loads its own inline script and styles.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseWebApp(this WebApplication app)
    {
        var files = WebRoot(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = context => AddHeaders(context.Context.Response.Headers) });
        return app;
    }

    /// <summary>
    /// The content root's <c>wwwroot</c> when it has one (the project folder, in development and tests), else
    /// the one published beside the gateway's assembly: a gateway started from another working folder (as
    /// <c>./run.sh</c> starts it) still serves the app. A build that carries neither serves the API alone.
    /// </summary>
    private static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        if (Directory.Exists(environment.WebRootPath))
            return environment.WebRootFileProvider;
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(published) ? new PhysicalFileProvider(published) : new NullFileProvider();
    }

    private static void AddHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load, so a gateway's new version reaches the browser at once; unchanged files answer 304.
        headers.CacheControl = "no-cache";
    }
}
