namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>Configuration that cannot run; the host prints the message as one line and exits.</summary>
public sealed class SettingsException(string message) : Exception(message);
