using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;
using Npgsql;

namespace AkkaOcr.Tests.Jobs;

/// <summary>
/// A gateway beside one back-end node with the users, notifier and ocr roles (two OCR workers), on a
/// database, a broker vhost and an SMTP server of its own, shared by the tests of a class. Each test
/// signs up accounts of its own, so tests do not see each other's jobs.
/// </summary>
public sealed class JobsGateway : IAsyncLifetime
{
    public const int MaxActiveJobs = 2;
    public const int MaxPages = 20;
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    /// <summary>Short, so a page that keeps the rasterizer busy fails its job quickly; real pages take well under a second.</summary>
    public const string ToolTimeout = "00:00:05";

    private TestDatabase _database = null!;
    private string _virtualHost = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>False for a back end without the ocr role: jobs are admitted, and no worker ever takes their pages.</summary>
    public bool WithOcrWorkers { get; init; } = true;

    /// <summary>More <c>Ocr:*</c> settings for a fixture of its own.</summary>
    public IReadOnlyDictionary<string, string> ExtraOcrSettings { get; init; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        Smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString, _virtualHost, Smtp.Port);
        if (WithOcrWorkers)
            settings["Akka:Roles:2"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "2";
        settings["Ocr:MaxActiveJobsPerUser"] = MaxActiveJobs.ToString();
        settings["Ocr:MaxPages"] = MaxPages.ToString();
        settings["Ocr:MaxDocumentBytes"] = MaxDocumentBytes.ToString();
        settings["Ocr:JobSweepInterval"] = "00:00:01";
        settings["Ocr:ToolTimeout"] = ToolTimeout;
        // Far below a rasterized page's size: a job's pages are bounded by their pixels, not by the upload limit.
        settings["Ocr:MaxUploadBytes"] = "65536";
        settings["RateLimits:PerClientPerMinute"] = "10000";
        foreach (var (name, value) in ExtraOcrSettings)
            settings[$"Ocr:{name}"] = value;
        Gateway = new GatewayFactory(settings);
        using var client = await Gateway.CreateReadyClientAsync();
        client.UseToken((await AccountFlow.SignUpAsync(Gateway, client)).Token);
        if (WithOcrWorkers)
            await OcrApiTests.WaitForWorkersAsync(client);
    }

    /// <summary>A client signed in as a new user of its own.</summary>
    public async Task<(HttpClient Client, string Email)> SignedInClientAsync(string name = "Ada")
    {
        var client = Gateway.CreateClient();
        var (email, token) = await AccountFlow.SignUpAsync(Gateway, client, name);
        client.UseToken(token);
        return (client, email);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, byte[] document, string query = "",
        string fileName = "document.pdf", string contentType = "application/pdf") =>
        await client.PostAsync("/ocr/jobs" + query, OcrUploads.File(document, fileName, contentType));

    /// <summary>Submits and returns the job's id, asserting the 202 and its Location.</summary>
    public static async Task<string> StartJobAsync(HttpClient client, byte[] document, string query = "",
        string fileName = "document.pdf", string contentType = "application/pdf")
    {
        using var response = await SubmitAsync(client, document, query, fileName, contentType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var accepted = JsonDocument.Parse(body).RootElement;
        var jobId = accepted.GetProperty("job_id").GetString()!;
        Assert.Equal($"/ocr/jobs/{jobId}", response.Headers.Location!.OriginalString);
        Assert.Equal($"/ocr/jobs/{jobId}", accepted.GetProperty("status_url").GetString());
        return jobId;
    }

    public static async Task<JsonElement> StatusAsync(HttpClient client, string jobId)
    {
        using var response = await client.GetAsync($"/ocr/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls until the job reaches a final status and returns it.</summary>
    public static Task<JsonElement> FinishedAsync(HttpClient client, string jobId, TimeSpan? timeout = null) =>
        Eventually.MatchesAsync(() => StatusAsync(client, jobId),
            job => job.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled",
            timeout ?? TimeSpan.FromSeconds(120), $"job {jobId} finishing");

    /// <summary>Waits for the job to finish and asserts it succeeded, with the job's own words when it did not.</summary>
    public static async Task<JsonElement> SucceededAsync(HttpClient client, string jobId)
    {
        var job = await FinishedAsync(client, jobId);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"job {jobId} ended {job}");
        return job;
    }

    public async Task<long> RowsAsync(string table, string jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE job_id = @job", connection);
        command.Parameters.AddWithValue("job", Guid.Parse(jobId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Smtp.DisposeAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _database.DisposeAsync();
    }
}
