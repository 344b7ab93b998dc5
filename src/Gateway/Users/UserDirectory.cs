using Akka.Actor;
using Akka.Hosting;
using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Messages.Users;
using AkkaOcr.Nodes.Cluster;
using AkkaOcr.Nodes.Users;

namespace AkkaOcr.Gateway.Users;

/// <summary>Asks user entities through the shard region, always with a timeout.</summary>
public sealed class UserDirectory(IRequiredActor<UserRegion> region)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public async Task<object> AskAsync(IWithEmail message, CancellationToken cancellationToken)
    {
        try
        {
            var actor = await region.GetAsync(cancellationToken);
            return await actor.Ask<object>(message, AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException e)
        {
            throw new ClusterUnavailableException(ClusterRoles.Users, e);
        }
    }
}
