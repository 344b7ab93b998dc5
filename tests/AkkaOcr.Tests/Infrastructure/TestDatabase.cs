using Npgsql;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>A database of its own for one test or fixture, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A connection string for a database name that is free; call <see cref="CreateAsync"/> to make it exist.</summary>
    public static TestDatabase Reserve() => Reserve(TestServices.PostgresAdmin);

    /// <summary>The same on another server, given its superuser's connection string.</summary>
    public static TestDatabase Reserve(string adminConnectionString)
    {
        var name = $"t_{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString, adminConnectionString);
    }

    public static async Task<TestDatabase> CreateNewAsync()
    {
        var database = Reserve();
        await database.CreateAsync();
        return database;
    }

    public async Task CreateAsync() => await AdminAsync($"CREATE DATABASE \"{Name}\"");

    public async ValueTask DisposeAsync() => await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
