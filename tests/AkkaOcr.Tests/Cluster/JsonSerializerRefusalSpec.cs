using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Serialization;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Cluster.Security;
using AkkaOcr.ServiceDefaults.Settings;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaOcr.Tests.Cluster;

/// <summary>
/// A member of the cluster (the right certificate) that still writes Akka's JSON with type names
/// (serializer id 1) gets nothing delivered that way: the receiving node has no id-1 deserializer, logs
/// the refusal, and keeps the connection for everything else.
/// </summary>
public sealed class JsonSerializerRefusalSpec(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(actorSystemName: ClusterHosting.ActorSystemName, output: output)
{
    private readonly int _port = FreeTcpPort.Next();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrCluster(Settings(_port, _port, ClusterRoles.Gateway), TestClusterTls.Transport);

    [Fact]
    public async Task A_frame_with_serializer_id_1_from_a_member_is_refused_and_logged_and_not_delivered()
    {
        var local = Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize("{}"u8.ToArray(), RefusedJsonSerializer.JsonSerializerIdentifier, typeof(object)));
        Assert.Contains("does not read from the wire", local.Message);
        var target = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));

        using var sender = await StartJsonWritingMemberAsync();
        var senderSystem = sender.Services.GetRequiredService<ActorSystem>();
        var json = senderSystem.Serialization.FindSerializerFor(new JsonOnlyMessage("x"));
        Assert.IsType<NewtonSoftJsonSerializer>(json);
        Assert.Equal(RefusedJsonSerializer.JsonSerializerIdentifier, json.Identifier);

        var remoteTarget = await senderSystem
            .ActorSelection($"{ClusterTransport.TlsScheme}://{ClusterHosting.ActorSystemName}@127.0.0.1:{_port}{target.Ref.Path.ToStringWithoutAddress()}")
            .ResolveOne(TimeSpan.FromSeconds(30));
        remoteTarget.Tell(new JsonOnlyMessage("read me with type names"));
        remoteTarget.Tell("after");

        // Messages on one connection arrive in order: "after" first means the JSON one was dropped, not late.
        await target.ExpectMsgAsync("after", TimeSpan.FromSeconds(10));
        await target.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
        var refusal = await warnings.FishForMessageAsync<Warning>(
            warning => warning.Message.ToString()!.Contains("Deserialization failed for message with serializer id [1]"), TimeSpan.FromSeconds(10));
        Assert.Contains("does not read from the wire", refusal.Message.ToString());
    }

    /// <summary>A member with the cluster's certificate whose JSON serializer is Akka's own, bound to <see cref="JsonOnlyMessage"/>.</summary>
    private async Task<IHost> StartJsonWritingMemberAsync()
    {
        var messageType = $"{typeof(JsonOnlyMessage).FullName}, {typeof(JsonOnlyMessage).Assembly.GetName().Name}";
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Services.AddAkka(ClusterHosting.ActorSystemName, akka => akka
            .AddAkkaOcrCluster(Settings(FreeTcpPort.Next(), _port, ClusterRoles.Ocr), TestClusterTls.Transport)
            .AddHocon($$"""
                akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
                akka.actor.serialization-bindings { "{{messageType}}" = json }
                """, HoconAddMode.Prepend));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static AkkaSettings Settings(int port, int seedPort, string role) => new()
    {
        Hostname = "127.0.0.1",
        Port = port,
        SeedNodes = [$"akka.tcp://{ClusterHosting.ActorSystemName}@127.0.0.1:{seedPort}"],
        Roles = [role],
    };

    /// <summary>Test-only: a message that only Akka's JSON serializer would carry.</summary>
    public sealed record JsonOnlyMessage(string Text);
}
