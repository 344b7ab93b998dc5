using Microsoft.Extensions.Configuration;

namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>Binding and checking settings the same way in every host: each problem named, all at once, before anything starts.</summary>
public static class SettingsBinding
{
    /// <summary>
    /// Binds one section; a value of the wrong type (<c>Akka__Port=abc</c>) becomes a clear settings
    /// error instead of the binder's exception and stack trace.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"{section}: {e.GetBaseException().Message}");
        }
    }

    /// <summary>Throws one <see cref="SettingsException"/> naming every problem, if there are any.</summary>
    public static void ThrowIfAny(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        if (all.Count > 0)
            throw new SettingsException(string.Join("; ", all));
    }
}
