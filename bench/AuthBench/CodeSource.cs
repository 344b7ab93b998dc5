using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Bench.AuthBench;

/// <summary>Where a flow finds the code that was "mailed": the persisted, sealed copy, opened with the data key.</summary>
public interface ICodeSource
{
    Task<string?> LatestCodeAsync(string email);
}

/// <summary>The cluster's OTP mail event in the Akka journal.</summary>
public sealed class JournalCodeSource(NpgsqlDataSource db, OtpCodes codes, AkkaOcrSerializer serializer) : ICodeSource
{
    public async Task<string?> LatestCodeAsync(string email)
    {
        await using var command = db.CreateCommand(
            "SELECT message, manifest FROM journal WHERE persistence_id = $1 AND manifest = $2 ORDER BY sequence_number DESC LIMIT 1");
        command.Parameters.AddWithValue(UserActor.PersistenceIdFor(email));
        command.Parameters.AddWithValue(MessageManifests.TryGetManifest(typeof(UserEvents.OtpIssued), out var manifest) ? manifest : "");
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        var issued = (UserEvents.OtpIssued)serializer.FromBinary(reader.GetFieldValue<byte[]>(0), reader.GetString(1));
        return codes.Unseal(email, issued.EncryptedCode);
    }
}

/// <summary>The baseline's outbox row.</summary>
public sealed class OutboxTableCodeSource(NpgsqlDataSource db, OtpCodes codes) : ICodeSource
{
    public async Task<string?> LatestCodeAsync(string email)
    {
        await using var command = db.CreateCommand("SELECT sealed_code FROM otp_mail WHERE email = $1 ORDER BY id DESC LIMIT 1");
        command.Parameters.AddWithValue(email);
        return await command.ExecuteScalarAsync() is byte[] sealedCode ? codes.Unseal(email, sealedCode) : null;
    }
}
