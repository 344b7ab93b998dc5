using AkkaOcr.Gateway.Hosting;

namespace AkkaOcr.Gateway.Uploads;

/// <summary>The answer to an upload that found no place (<see cref="UploadSlots"/>), before any of its body was read.</summary>
public static class UploadRefusal
{
    public static IResult For(HttpContext context, UploadSlots.Outcome outcome)
    {
        ProblemResponses.SetRetryAfter(context.Response, UploadSlots.RetryAfter);
        return outcome switch
        {
            UploadSlots.UserAtLimit limit => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many uploads at once", detail: $"At most {limit.Limit} of your uploads are taken in at once. Send the next when one is answered."),
            UploadSlots.GatewayFull => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many uploads", detail: "This server is taking in as many uploads as it can. Try again shortly."),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "not a refusal"),
        };
    }
}
