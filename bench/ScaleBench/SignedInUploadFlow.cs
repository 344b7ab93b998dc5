using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary><c>POST /ocr</c> of a text line with a token the account already holds; one upload per account at a time.</summary>
public sealed class SignedInUploadFlow(SignedInAccounts accounts, OcrUploadFlow images) : ILoadFlow
{
    public string Name => "signed-in-upload";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        using var turn = accounts.TakeUploadTurn()
            ?? throw new InvalidOperationException($"more uploads in flight than the {accounts.Count} accounts set up");
        var member = turn.Member;
        return (await OcrUploadFlow.UploadAsync(context.Client, member.Account, member.Token, images.NextImage(), cancellationToken)).Succeeded;
    }
}
