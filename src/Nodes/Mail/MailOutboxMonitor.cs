using System.Diagnostics.Metrics;
using AkkaOcr.ServiceDefaults.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AkkaOcr.Mail;

/// <summary>
/// Reads the mail outbox's lag every few seconds on each <c>users</c> node, whichever node runs the
/// outbox, and exports it at <c>/metrics</c> (<c>akkaocr_mail_outbox_lag</c>,
/// <c>akkaocr_mail_outbox_oldest_unsent_age_seconds</c>). A stuck outbox shows here and in readiness
/// (<see cref="Health.MailOutboxHealthCheck"/>) while every request still succeeds.
/// </summary>
public sealed class MailOutboxMonitor : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly MailOutboxOffsets _offsets;
    private readonly TimeProvider _clock;
    private readonly ILogger<MailOutboxMonitor> _logger;

    public MailOutboxMonitor(MailOutboxOffsets offsets, TimeProvider clock, IMeterFactory meters, ILogger<MailOutboxMonitor> logger)
    {
        _offsets = offsets;
        _clock = clock;
        _logger = logger;
        // A meter of this node's own, so that nodes sharing a process (tests) each report their reading.
        var meter = meters.Create(AkkaOcrMeter.Name);
        meter.CreateObservableGauge("akkaocr.mail.outbox.lag", () => Latest?.Offsets ?? 0, unit: "{offset}",
            description: "The journal's newest mail-tagged offset minus the mail outbox's stored offset");
        meter.CreateObservableGauge("akkaocr.mail.outbox.oldest_unsent_age", () => Latest?.OldestUnsentAge.TotalSeconds ?? 0, unit: "s",
            description: "Age of the oldest mail-tagged event the mail outbox has not published; 0 when none waits");
    }

    /// <summary>The latest reading; null until the first one (or while the tables do not exist yet).</summary>
    public MailOutboxLag? Latest { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _clock);
        do
        {
            try
            {
                Latest = await _offsets.ReadLagAsync(_clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The database's own readiness check reports the outage; the last reading stands meanwhile.
                _logger.LogDebug("Mail outbox lag not read: {Reason}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
