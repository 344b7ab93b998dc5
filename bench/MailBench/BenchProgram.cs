using System.Diagnostics;
using System.Globalization;
using System.Text;
using AkkaOcr.Bench.MailBench;
using Npgsql;

// Plumbing from bench/mail.sh: BENCH_POSTGRES, BENCH_RABBITMQ, BENCH_NODES_DLL, BENCH_NODE_AKKA_PORT,
// BENCH_NODE_HEALTH_PORT, BENCH_SMTP_PORT, BENCH_DATA_KEY, BENCH_WORK, BENCH_RABBIT_PID_FILE, BENCH_PG_PID_FILE, and
// BENCH_SUMMARY_FILE (optional: one tab-separated line of this run's rates is appended to it).
// Knobs: MAIL_BENCH_COUNT (mails, 10000), MAIL_BENCH_CONFIRM_BATCH (reference's outstanding confirms, 256),
// MAIL_BENCH_TIMEOUT_S (longest wait for any one step: 180, or a second per 100 mails when that is longer).
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
static int IntEnv(string name, int fallback) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
static void Progress(string message) => Console.Error.WriteLine($"    {message}");

var count = IntEnv("MAIL_BENCH_COUNT", 10_000);
var confirmBatch = IntEnv("MAIL_BENCH_CONFIRM_BATCH", 256);
var stepTimeout = TimeSpan.FromSeconds(IntEnv("MAIL_BENCH_TIMEOUT_S", Math.Max(180, count / 100)));

var postgres = Env("BENCH_POSTGRES");
var rabbitMq = Env("BENCH_RABBITMQ");
var dataKey = Env("BENCH_DATA_KEY");
var work = Env("BENCH_WORK");
var brokerPid = CpuMeter.PidFromFile(Environment.GetEnvironmentVariable("BENCH_RABBIT_PID_FILE"));
var postmasterPid = CpuMeter.PidFromFile(Environment.GetEnvironmentVariable("BENCH_PG_PID_FILE"));
var smtpPort = int.Parse(Env("BENCH_SMTP_PORT"), CultureInfo.InvariantCulture);

// Other programs on the machine skew every number here; the load average says how busy it was.
var loadBefore = LoadAverage();
await using var db = NpgsqlDataSource.Create(postgres);
var progress = new PipelineProgress(db);
await using var sink = new CountingSmtpSink(smtpPort, count);
using var deadline = new CancellationTokenSource();

try
{
    Progress($"seeding {count} users, each registered with a code issued (not measured)");
    deadline.CancelAfter(stepTimeout);
    var seeding = await JournalSeeder.SeedAsync(postgres, Encoding.UTF8.GetBytes(dataKey), count, deadline.Token);
    var (mailEvents, lastOrdering) = await progress.MailEventsAsync(deadline.Token);
    if (mailEvents != count)
        throw new InvalidOperationException($"the journal holds {mailEvents} events tagged mail, not {count}");
    Progress($"seeded in {seeding.TotalSeconds:0.0} s");

    Progress("outbox read path alone: the mail events through its source, deserialized, not published");
    deadline.CancelAfter(stepTimeout);
    var readBack = new PhaseResult(count, await OutboxReadBack.RunAsync(postgres, count, deadline.Token), new CpuSample(double.NaN, double.NaN, double.NaN));
    Progress(FormattableString.Invariant($"read back at {readBack.PerSecond:0} events/s"));

    Progress($"reference: publishing {count} messages, confirms awaited per {confirmBatch}");
    deadline.CancelAfter(stepTimeout);
    var reference = await ReferencePublisher.RunAsync(rabbitMq, count, confirmBatch,
        new CpuMeter(Environment.ProcessId, brokerPid, postmasterPid), deadline.Token);

    Progress("system: starting a Nodes process with roles users, notifier");
    await using var node = NodeUnderTest.Start(new NodeOptions(
        Env("BENCH_NODES_DLL"), int.Parse(Env("BENCH_NODE_AKKA_PORT"), CultureInfo.InvariantCulture),
        int.Parse(Env("BENCH_NODE_HEALTH_PORT"), CultureInfo.InvariantCulture), postgres, rabbitMq, smtpPort, dataKey,
        Path.Combine(work, "node.log"), Path.Combine(work, "node.pid")));
    var nodeCpu = new CpuMeter(node.Pid, brokerPid, postmasterPid);
    var benchCpu = new CpuMeter(Environment.ProcessId, null, null);

    var outboxStarted = await WithinAsync(node.OutboxStarted, "the mail outbox to start");
    var cpuBefore = nodeCpu.Sample();
    var benchCpuBefore = benchCpu.Sample().App;
    Progress("outbox started; waiting for every mail at the SMTP sink");
    deadline.CancelAfter(stepTimeout);
    var outboxDone = progress.WhenStoredAsync(lastOrdering, deadline.Token);
    // Said as soon as it is known, so that a run the SMTP side fails still tells how fast the outbox drained.
    _ = outboxDone.ContinueWith(done => Progress(FormattableString.Invariant(
            $"outbox part done: {count / Stopwatch.GetElapsedTime(outboxStarted, done.Result).TotalSeconds:0} mails/s")),
        CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    using (new Timer(_ => Progress($"{sink.Received} mails received"), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
        // Whichever comes first; a node that died rethrows its exit here.
        await await WithinAsync(Task.WhenAny(sink.AllReceived, node.Exited), $"{count} mails at the SMTP sink");
    var lastMail = await sink.AllReceived;
    var cpuUsed = nodeCpu.Sample() - cpuBefore;
    var benchCpuUsed = benchCpu.Sample().App - benchCpuBefore;
    var outboxFinished = await WithinAsync(outboxDone, "the outbox to store its final offset");

    var pipeline = new PhaseResult(count, Stopwatch.GetElapsedTime(outboxStarted, lastMail), cpuUsed);
    var outbox = new PhaseResult(count, Stopwatch.GetElapsedTime(outboxStarted, outboxFinished), new CpuSample(double.NaN, double.NaN, double.NaN));
    // Anything beyond the count would be a duplicate; give one arriving late a moment to show up.
    await Task.Delay(TimeSpan.FromSeconds(1));
    var received = sink.Received;
    var sent = await progress.SentMailCountAsync(CancellationToken.None);
    if (received < count || sent != count)
        throw new InvalidOperationException($"the SMTP sink received {received} mails and the notifier recorded {sent}; expected {count} each");
    // A second copy is what at-least-once delivery allows after an SMTP session broke: the notifier mails
    // again what it had in hand. Reported, so that it is seen; the rate counts each mail once.
    if (received > count)
        Console.WriteLine($"{received - count} mails reached the SMTP sink twice (a broken SMTP session; see the node's log)");

    var firstMail = Stopwatch.GetElapsedTime(outboxStarted, await sink.FirstReceived);
    PrintTable(count, confirmBatch, seeding, reference, readBack, outbox, pipeline, firstMail, benchCpuUsed);
    Console.WriteLine($"load average (1 min) before: {loadBefore}, after: {LoadAverage()}");
    if (Environment.GetEnvironmentVariable("BENCH_SUMMARY_FILE") is { Length: > 0 } summary)
        await File.AppendAllTextAsync(summary, FormattableString.Invariant(
            $"{count}\t{seeding.TotalSeconds:0.0}\t{reference.PerSecond:0}\t{outbox.PerSecond:0}\t{pipeline.PerSecond:0}\t{readBack.PerSecond:0}\n"));
    return 0;
}
catch (Exception e)
{
    // The benchmark's own failures say all in their message; anything else gets its stack trace.
    Console.Error.WriteLine(e is InvalidOperationException or TimeoutException or OperationCanceledException ? $"error: {e.Message}" : $"error: {e}");
    Console.Error.WriteLine($"       {sink.Received} mails had reached the SMTP sink; logs are in {work}");
    return 1;
}

async Task<T> WithinAsync<T>(Task<T> task, string what)
{
    try
    {
        return await task.WaitAsync(stepTimeout);
    }
    catch (TimeoutException)
    {
        throw new TimeoutException($"gave up after {stepTimeout.TotalSeconds:0} s waiting for {what}");
    }
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static void PrintTable(int count, int confirmBatch, TimeSpan seeding, PhaseResult reference, PhaseResult readBack, PhaseResult outbox, PhaseResult pipeline,
    TimeSpan firstMail, double sinkCpu)
{
    static string Seconds(double value) => double.IsNaN(value) ? "—" : value.ToString("0.00", CultureInfo.InvariantCulture);
    static string Row(string path, PhaseResult r) => FormattableString.Invariant(
        $"| {path} | {r.PerSecond:0} | {r.Elapsed.TotalSeconds:0.00} | {Seconds(r.Cpu.App)} | {Seconds(r.Cpu.Broker)} | {Seconds(r.Cpu.Database)} |");

    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant(
        $"Mail throughput, {count} mails, {Environment.ProcessorCount} cores; journal seeded beforehand in {seeding.TotalSeconds:0.0} s (not measured)"));
    Console.WriteLine();
    Console.WriteLine("| path | mails/s (msgs/s) | total s | app CPU s | broker CPU s | PostgreSQL CPU s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    Console.WriteLine(Row($"reference: RabbitMQ.Client 7 publish, persistent, confirms per {confirmBatch}", reference));
    Console.WriteLine(Row("outbox read path alone: journal → deserialized events", readBack));
    Console.WriteLine(Row("system, outbox part: journal → broker, offset stored", outbox));
    Console.WriteLine(Row("system: outbox → broker → notifier → SMTP", pipeline));
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant(
        $"system / reference: {pipeline.PerSecond / reference.PerSecond:0.000} (outbox alone: {outbox.PerSecond / reference.PerSecond:0.000})"));
    Console.WriteLine(FormattableString.Invariant(
        $"first mail at the sink {firstMail.TotalSeconds:0.00} s after the outbox started"));
    Console.WriteLine(FormattableString.Invariant(
        $"app CPU is the publishing client for the reference and the Nodes process for the system; the SMTP sink used {sinkCpu:0.00} s"));
}
