namespace AkkaOcr.Tests.MultiProcess;

/// <summary>The log search every multi-process test ends with finds each kind of secret, and nothing in an ordinary log.</summary>
public sealed class LogSecretsTests
{
    private const string OrdinaryLog = """
        info: AkkaOcr.Users[0] Registered 3f6c1a0e-8b1d-4d0e-9a43-f3a1c2b4d5e6 at 07:10:30.123456
        info: Akka.Cluster Member is Up akka.ssl.tcp://akkaocr@127.0.0.1:41234 (code path 200, took 123456 ticks)
        warn: AkkaOcr.Gateway VerifyOtp { Email = ada@example.org, Code = [redacted], RequestId = 5 }
        """;

    [Fact]
    public void An_ordinary_log_has_no_secret() => Assert.Empty(LogSecrets.Find(OrdinaryLog, ["a-configured-signing-key-0123456789"]));

    [Theory]
    [InlineData("Dead letter: Credentials { PasswordHash = AQAAAAIAAYagAAAAEKmZb3fT1m0l0l7nC3q2w5Q6V1yR8s9t0u1v2w3x4y5z6A7B8C9D0E1F2G3H4I5J6K7L== }")]
    [InlineData("Dead letter: VerifyOtp { Email = ada@example.org, Code = 493817, RequestId = 5 }")]
    [InlineData("info: sending otp: 493817 to ada@example.org")]
    [InlineData("Register { Password = pw-0f1e2d3c4b5a69788796a5b4c3d2e1f0 }")]
    [InlineData("connecting with key a-configured-signing-key-0123456789")]
    [InlineData("login failed for correct horse battery")]
    public void Each_kind_of_secret_is_found(string line) =>
        Assert.NotEmpty(LogSecrets.Find(OrdinaryLog + line, ["a-configured-signing-key-0123456789", "correct horse battery"]));

    [Fact]
    public void Keys_and_passwords_are_taken_from_the_settings_by_name()
    {
        var environment = new Dictionary<string, string>
        {
            ["Jwt__SigningKey"] = "signing-key-value-0123456789",
            ["Akka__Tls__CertificatePassword"] = "tls-password-value",
            ["Smtp__Port"] = "2525",
            ["Security__DataKey"] = "short",
        };

        Assert.Equal(["signing-key-value-0123456789", "tls-password-value"], LogSecrets.ConfiguredIn(environment).Order());
    }
}
