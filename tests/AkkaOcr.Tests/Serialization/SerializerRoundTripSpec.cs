using System.Collections;
using System.Reflection;
using Akka.Hosting;
using AkkaOcr.Messages;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using MessagePack;
using MessagePack.Resolvers;

namespace AkkaOcr.Tests.Serialization;

/// <summary>
/// Every protocol type must be bound to the protocol serializer and survive a round trip. The list of
/// types comes from the assembly, not from the manifest table, so a new record without a manifest fails here.
/// </summary>
public sealed class SerializerRoundTripSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    public static TheoryData<Type> ProtocolTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(IAkkaOcrMessage).Assembly.GetTypes()
                     .Where(type => typeof(IAkkaOcrMessage).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
                     .OrderBy(type => type.FullName))
            data.Add(type);
        return data;
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrSerialization();

    [Theory]
    [MemberData(nameof(ProtocolTypes))]
    public void Every_protocol_type_round_trips_through_the_protocol_serializer(Type type)
    {
        var original = SampleValues.Create(type);
        var serialization = Sys.Serialization;

        var serializer = serialization.FindSerializerFor(original);
        Assert.IsType<AkkaOcrSerializer>(serializer);

        var bytes = serializer.ToBinary(original);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var restored = serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(type, restored);
        Assert.Equal(bytes, serializer.ToBinary(restored));
        Assert.True(SampleValues.DeepEquals(original, restored), $"{type.Name} changed in the round trip");
    }

    [Fact]
    public void Every_manifest_names_a_protocol_type_and_is_unique()
    {
        Assert.All(MessageManifests.KnownTypes, type => Assert.True(typeof(IAkkaOcrMessage).IsAssignableFrom(type)));
        var manifests = MessageManifests.KnownTypes.Select(type =>
            MessageManifests.TryGetManifest(type, out var manifest) ? manifest : null).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
    }

    [Fact]
    public void A_type_without_binding_is_refused_instead_of_falling_back_to_json()
    {
        var unbound = new UnboundMessage("hello");

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => Sys.Serialization.FindSerializerFor(unbound).ToBinary(unbound));
        Assert.Contains(nameof(UnboundMessage), error.Message);
    }

    [Fact]
    public void Events_and_snapshots_written_before_a_property_was_added_read_with_its_default()
    {
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var serializer = (AkkaOcrSerializer)Sys.Serialization.FindSerializerForType(typeof(UserEvents.EmailVerified));

        var verified = Assert.IsType<UserEvents.EmailVerified>(
            serializer.FromBinary(AsFirstWritten(new EmailVerifiedAsFirstWritten(at)), "user.evt.email-verified.v1"));
        Assert.Equal(at, verified.At);
        Assert.Null(verified.RequestId);

        var snapshot = Assert.IsType<UserSnapshot>(serializer.FromBinary(
            AsFirstWritten(new UserSnapshotAsFirstWritten(UserId.New(), "ada@example.org", "Ada", "hash", at, true, null, null, 0, false, [at])),
            "user.snapshot.v1"));
        Assert.Equal(("Ada", true), (snapshot.Name, snapshot.IsVerified));
        Assert.Equal([at], snapshot.RecentOtpIssues);
        Assert.Null(snapshot.HandledRequests);

        // A command from a gateway of the version before request ids, during a rolling upgrade.
        var register = Assert.IsType<UserCommands.Register>(serializer.FromBinary(
            AsFirstWritten(new RegisterAsFirstWritten("ada@example.org", "Ada", "hash")), "user.cmd.register.v1"));
        Assert.Equal(("ada@example.org", Guid.Empty), (register.Email, register.RequestId));
    }

    [Fact]
    public void An_event_this_version_cannot_read_becomes_an_unreadable_event_instead_of_failing_the_journal_read()
    {
        var serializer = (AkkaOcrSerializer)Sys.Serialization.FindSerializerForType(typeof(UserEvents.OtpIssued));

        // Written by a newer version, during a rolling upgrade.
        var newer = Assert.IsType<UnreadableEvent>(serializer.FromBinary([0x80], "user.evt.otp-issued.v9"));
        Assert.Equal("user.evt.otp-issued.v9", newer.Manifest);
        Assert.Contains("no event of this manifest", newer.Reason);

        // Damaged bytes under a known manifest.
        var damaged = Assert.IsType<UnreadableEvent>(serializer.FromBinary([0xC1, 0x00, 0x07], "user.evt.otp-issued.v1"));
        Assert.Contains("3 bytes do not decode", damaged.Reason);
    }

    [Fact]
    public void A_message_this_version_cannot_read_is_still_refused()
    {
        var serializer = (AkkaOcrSerializer)Sys.Serialization.FindSerializerForType(typeof(UserCommands.Register));

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([0x80], "user.cmd.unknown.v1"));
        Assert.ThrowsAny<MessagePackSerializationException>(() => serializer.FromBinary([0xC1, 0x00], "user.cmd.register.v1"));
    }

    /// <summary>Bytes as the serializer wrote them for a type's first shape: MessagePack maps keyed by property name.</summary>
    private static byte[] AsFirstWritten<T>(T value) =>
        MessagePackSerializer.Serialize(value, MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance));

    private sealed record UnboundMessage(string Text);

    public sealed record EmailVerifiedAsFirstWritten(DateTimeOffset At);

    public sealed record RegisterAsFirstWritten(string Email, string Name, string PasswordHash);

    public sealed record UserSnapshotAsFirstWritten(
        UserId UserId, string Email, string Name, string PasswordHash, DateTimeOffset DateCreated, bool IsVerified,
        byte[]? OtpHash, DateTimeOffset? OtpExpiresAt, int OtpWrongAttempts, bool OtpUsed, IReadOnlyList<DateTimeOffset> RecentOtpIssues);
}

/// <summary>Builds a value for any protocol record, with distinct non-default data in every field.</summary>
internal static class SampleValues
{
    private static int _counter;

    public static object Create(Type type)
    {
        var next = Interlocked.Increment(ref _counter);
        if (type == typeof(string)) return $"sample-{next}@example.org";
        if (type == typeof(int)) return next;
        if (type == typeof(long)) return (long)next * 1_000_000_007;
        if (type == typeof(double)) return next + 0.25;
        if (type == typeof(float)) return next + 0.5f;
        if (type == typeof(bool)) return true;
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(byte[])) return Enumerable.Range(next, 16).Select(i => (byte)i).ToArray();
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(next);
        if (type == typeof(TimeSpan)) return TimeSpan.FromMilliseconds(next * 1000 + 1);
        if (type.IsEnum) return Enum.GetValues(type).Cast<object>().Last();
        if (Nullable.GetUnderlyingType(type) is { } inner) return Create(inner);
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 2);
            for (var i = 0; i < array.Length; i++) array.SetValue(Create(type.GetElementType()!), i);
            return array;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyCollection<>)))
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()[0]))!;
            list.Add(Create(type.GetGenericArguments()[0]));
            list.Add(Create(type.GetGenericArguments()[0]));
            return list;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                              .OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                          ?? throw new InvalidOperationException($"{type} has no public constructor to build a sample with");
        return constructor.Invoke(constructor.GetParameters().Select(p => Create(p.ParameterType)).ToArray());
    }

    /// <summary>Record equality, except that arrays and lists compare by content.</summary>
    public static bool DeepEquals(object? left, object? right)
    {
        if (left is null || right is null) return left is null && right is null;
        // A collection declared as an interface may come back as another concrete collection: compare contents.
        if (left is IEnumerable leftItems and not string && right is IEnumerable rightItems and not string)
        {
            var a = leftItems.Cast<object?>().ToList();
            var b = rightItems.Cast<object?>().ToList();
            return a.Count == b.Count && a.Zip(b, DeepEquals).All(equal => equal);
        }
        if (left.GetType() != right.GetType()) return false;
        if (left is string || left.GetType().IsPrimitive || left is Guid or DateTimeOffset or TimeSpan || left.GetType().IsEnum)
            return left.Equals(right);
        return left.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .All(p => DeepEquals(p.GetValue(left), p.GetValue(right)));
    }
}
