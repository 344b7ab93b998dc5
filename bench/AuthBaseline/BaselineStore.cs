using AkkaOcr.Messages.Users;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Bench.AuthBaseline;

/// <summary>
/// One row per account holding what <see cref="UserState"/> holds; changes run under a row lock so
/// the same pure rules decide, with Postgres instead of an actor as the single writer.
/// </summary>
public sealed class BaselineStore(NpgsqlDataSource db)
{
    private const string Columns =
        "email, id, name, password_hash, date_created, is_verified, otp_hash, otp_expires, otp_attempts, otp_used, otp_issues";

    public async Task CreateSchemaAsync()
    {
        await using var command = db.CreateCommand("""
            CREATE TABLE IF NOT EXISTS users (
              email text PRIMARY KEY, id uuid NOT NULL, name text NOT NULL, password_hash text NOT NULL,
              date_created timestamptz NOT NULL, is_verified boolean NOT NULL, otp_hash bytea, otp_expires timestamptz,
              otp_attempts int NOT NULL, otp_used boolean NOT NULL, otp_issues timestamptz[] NOT NULL);
            CREATE TABLE IF NOT EXISTS otp_mail (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, sealed_code bytea NOT NULL,
              created timestamptz NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS otp_mail_email ON otp_mail (email);
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts the account unless the address is taken; false when it is.</summary>
    public async Task<bool> TryInsertAsync(UserState user)
    {
        await using var command = db.CreateCommand($"INSERT INTO users ({Columns}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING");
        AddState(command, user);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task<UserState> GetAsync(string email)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM users WHERE email = $1");
        command.Parameters.AddWithValue(email);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : UserState.Unregistered(email);
    }

    /// <summary>Runs <paramref name="decide"/> on the locked row, stores its events' effect and the sealed code of any OTP mail.</summary>
    public async Task<object> DecideAsync(string email, Func<UserState, UserDecision> decide)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        UserState state;
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM users WHERE email = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue(email);
            await using var reader = await select.ExecuteReaderAsync();
            state = await reader.ReadAsync() ? Read(reader) : UserState.Unregistered(email);
        }
        var decision = decide(state);
        if (decision.Events.Count > 0)
        {
            var next = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
            await using var update = new NpgsqlCommand(
                "UPDATE users SET is_verified=$6, otp_hash=$7, otp_expires=$8, otp_attempts=$9, otp_used=$10, otp_issues=$11 WHERE email=$1",
                connection, transaction);
            AddState(update, next);
            await update.ExecuteNonQueryAsync();
            foreach (var issued in decision.Events.OfType<UserEvents.OtpIssued>())
            {
                await using var mail = new NpgsqlCommand("INSERT INTO otp_mail (email, sealed_code) VALUES ($1, $2)", connection, transaction);
                mail.Parameters.AddWithValue(email);
                mail.Parameters.AddWithValue(issued.EncryptedCode);
                await mail.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
        return decision.Reply;
    }

    private static void AddState(NpgsqlCommand command, UserState user)
    {
        command.Parameters.AddWithValue(user.Email);
        command.Parameters.AddWithValue(user.Id!.Value.Value);
        command.Parameters.AddWithValue(user.Name);
        command.Parameters.AddWithValue(user.PasswordHash);
        command.Parameters.AddWithValue(user.DateCreated);
        command.Parameters.AddWithValue(user.IsVerified);
        command.Parameters.AddWithValue((object?)user.Otp?.CodeHash ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)user.Otp?.ExpiresAt ?? DBNull.Value);
        command.Parameters.AddWithValue(user.Otp?.WrongAttempts ?? 0);
        command.Parameters.AddWithValue(user.Otp?.Used ?? false);
        command.Parameters.AddWithValue(user.RecentOtpIssues.ToArray());
    }

    private static UserState Read(NpgsqlDataReader row) => UserState.FromSnapshot(new UserSnapshot(
        new UserId(row.GetGuid(1)), row.GetString(0), row.GetString(2), row.GetString(3),
        row.GetFieldValue<DateTimeOffset>(4), row.GetBoolean(5),
        row.IsDBNull(6) ? null : row.GetFieldValue<byte[]>(6),
        row.IsDBNull(7) ? null : row.GetFieldValue<DateTimeOffset>(7),
        row.GetInt32(8), row.GetBoolean(9), row.GetFieldValue<DateTimeOffset[]>(10)));
}
