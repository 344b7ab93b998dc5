using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.Hosting;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Messages.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AkkaOcr.Gateway.Users;

/// <summary>The demo's <c>/auth</c> routes, backed by sharded user entities.</summary>
public static class AuthEndpoints
{
    /// <summary>Auth bodies are a few small fields; see <see cref="AuthBodyLimit"/>.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    private static readonly string OtpAcceptedMessage =
        $"If this address has an account that is not verified yet, a code is on its way. It is valid for {OtpPolicy.Validity.TotalMinutes:0} minutes.";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/auth").WithTags("Auth")
            .RequireRateLimiting(ClientRateLimits.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        auth.MapPost("/register", Register).WithSummary("Create an account").ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/generate_otp", GenerateOtp).WithSummary("Mail a one-time code to confirm the address");
        auth.MapPost("/verify_otp", VerifyOtp).WithSummary("Confirm the address with the one-time code");
        auth.MapPost("/login", Login).WithSummary("Exchange e-mail and password for a bearer token")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapGet("/me", Me).WithSummary("The signed-in user's profile").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return endpoints;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, HttpContext context, UserShardClient users, PasswordHashing passwords, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AuthValidation.Name(request.Name, errors);
        AuthValidation.TryEmail(request.Email, errors, out var email);
        AuthValidation.Password(request.Password, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        if (await passwords.HashAsync(request.Password!, cancellationToken) is not string passwordHash)
            return HashingBusy(context);
        var command = new UserCommands.Register(email, request.Name!.Trim(), passwordHash, Guid.CreateVersion7());
        return await users.AskAsync(command, cancellationToken) switch
        {
            UserReplies.Registered registered => TypedResults.Created("/auth/me",
                new UserResponse(registered.UserId.ToString(), registered.Name, registered.Email, false, registered.DateCreated)),
            UserReplies.EmailTaken => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "E-mail already registered", detail: "An account with this e-mail address exists. Log in instead."),
            var other => Unexpected(other),
        };
    }

    public static async Task<Results<Accepted<MessageResponse>, ValidationProblem, ProblemHttpResult>> GenerateOtp(
        GenerateOtpRequest request, UserShardClient users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AuthValidation.TryEmail(request.Email, errors, out var email))
            return TypedResults.ValidationProblem(errors);

        return await users.AskAsync(new UserCommands.RequestOtp(email), cancellationToken) switch
        {
            UserReplies.OtpRequestAccepted => TypedResults.Accepted((string?)null, new MessageResponse(OtpAcceptedMessage)),
            var other => Unexpected(other),
        };
    }

    public static async Task<Results<Ok<MessageResponse>, ValidationProblem, ProblemHttpResult>> VerifyOtp(
        VerifyOtpRequest request, UserShardClient users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AuthValidation.TryEmail(request.Email, errors, out var email);
        AuthValidation.TryOtp(request.Otp, errors, out var code);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        return await users.AskAsync(new UserCommands.VerifyOtp(email, code, Guid.CreateVersion7()), cancellationToken) switch
        {
            UserReplies.OtpVerified => TypedResults.Ok(new MessageResponse("E-mail address verified. You can log in now.")),
            UserReplies.OtpRejected => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Code not accepted",
                detail: "The code is wrong, expired or already used, or too many wrong codes were tried. Ask for a new code."),
            var other => Unexpected(other),
        };
    }

    /// <remarks>
    /// The user entity is asked first: an account waiting out its throttle is answered 429 without a hash being
    /// made. The attempt counts as failed until the password is found right, so concurrent guesses count too.
    /// </remarks>
    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, UserShardClient users, PasswordHashing passwords, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AuthValidation.TryEmail(request.Username, errors, out var email, field: "username");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > AuthValidation.MaxPasswordLength)
            errors["password"] = ["is required"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var attempt = Guid.CreateVersion7();
        var begun = await users.AskAsync(new UserCommands.BeginLogin(email, attempt), cancellationToken);
        if (begun is UserReplies.LoginDelayed delayed)
            return Problem(context, StatusCodes.Status429TooManyRequests, "Too many failed logins",
                "This account had too many failed logins lately. Wait before trying again.", delayed.RetryAfter);
        var credentials = begun as UserReplies.Credentials;
        if (credentials is null && begun is not UserReplies.UserNotFound)
            return Unexpected(begun);

        // An unknown address is checked against a decoy hash: the same work, so the answer time does not tell.
        if (await passwords.VerifyAsync(credentials?.PasswordHash, request.Password!, cancellationToken) is not PasswordHashing.Verification verification)
            return HashingBusy(context);
        if (!verification.Matches || credentials is null)
            return InvalidCredentials();

        var recorded = await users.AskAsync(new UserCommands.LoginSucceeded(email, verification.Rehashed, attempt), cancellationToken);
        if (recorded is not UserReplies.LoginRecorded)
            return Unexpected(recorded);
        if (!credentials.IsVerified)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "E-mail not verified",
                detail: "Confirm your e-mail address with the one-time code first.");
        return TypedResults.Ok(new TokenResponse(tokens.Issue(credentials), "bearer"));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Me(
        HttpContext context, UserShardClient users, CancellationToken cancellationToken)
    {
        var claim = context.User.FindFirst(JwtRegisteredClaimNames.Email)?.Value;
        if (!AuthValidation.TryEmail(claim, [], out var email))
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid token");
        return await users.AskAsync(new UserQueries.GetProfile(email), cancellationToken) switch
        {
            UserReplies.Profile profile => TypedResults.Ok(new UserResponse(profile.UserId.ToString(), profile.Name,
                profile.Email, profile.IsVerified, profile.DateCreated)),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown user"),
        };
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
            detail: "The e-mail address or the password is wrong.");

    private static ProblemHttpResult Unexpected(object reply) =>
        TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected reply",
            detail: $"The users service answered {reply.GetType().Name}.");

    private static ProblemHttpResult HashingBusy(HttpContext context) =>
        Problem(context, StatusCodes.Status429TooManyRequests, "Too many sign-ins at once",
            "This server is checking as many passwords as it can. Try again shortly.", PasswordHashing.RetryAfter);

    private static ProblemHttpResult Problem(HttpContext context, int status, string title, string detail, TimeSpan retryAfter)
    {
        ProblemResponses.SetRetryAfter(context.Response, retryAfter);
        return TypedResults.Problem(statusCode: status, title: title, detail: detail);
    }
}
