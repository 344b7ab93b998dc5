using Npgsql;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>A database of its own for one test or fixture, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A connection string for a database name that is free; call <see cref="CreateAsync"/> to make it exist.</summary>
    public static TestDatabase Reserve()
    {
        var name = $"t_{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public static async Task<TestDatabase> CreateNewAsync()
    {
        var database = Reserve();
        await database.CreateAsync();
        return database;
    }

    public async Task CreateAsync() => await AdminAsync($"CREATE DATABASE \"{Name}\"");

    public async ValueTask DisposeAsync() => await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
