using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ClusterLoad;

/// <summary>Codes from the mail MailDev received (its REST API lists every mail), as a person would read them.</summary>
public sealed partial class MailDevOtpSource(HttpClient mailDev) : IOtpSource
{
    public async Task<IReadOnlyList<string>> CodesAsync(string email, CancellationToken cancellationToken)
    {
        var mails = await mailDev.GetFromJsonAsync<JsonElement>("/api/email", cancellationToken);
        return mails.EnumerateArray()
            .Where(mail => mail.GetProperty("to").EnumerateArray().Any(to => to.GetProperty("address").GetString() == email))
            .OrderBy(mail => mail.GetProperty("time").GetDateTimeOffset())
            .Select(mail => Code().Match(mail.GetProperty("subject").GetString() ?? "").Value)
            .Where(code => code.Length > 0)
            .ToArray();
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Code();
}
