using System.Net;
using AkkaOcr.Gateway.RateLimiting;

namespace AkkaOcr.Tests.Users;

/// <summary>Whose rate-limit budget a request spends.</summary>
public sealed class ClientPartitionTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::1")]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7")]
    public void Addresses_of_one_client_share_a_key(string one, string other) =>
        Assert.Equal(Key(one), Key(other));

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("2001:db8:1:2::1", "2001:db9:1:2::1")]
    [InlineData("192.0.2.7", "192.0.2.8")]
    public void Addresses_of_different_clients_do_not(string one, string other) =>
        Assert.NotEqual(Key(one), Key(other));

    [Fact]
    public void Keys_name_the_address_or_the_network()
    {
        Assert.Equal("192.0.2.7", Key("192.0.2.7"));
        Assert.Equal("2001:db8:1:2::/64", Key("2001:db8:1:2:3:4:5:6"));
        Assert.Equal(ClientPartition.Unknown, ClientPartition.KeyOf(null));
    }

    private static string Key(string address) => ClientPartition.KeyOf(IPAddress.Parse(address));
}
