using AkkaOcr.Gateway.Auth;
using AkkaOcr.Gateway.RateLimiting;
using AkkaOcr.Messages.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
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
        RegisterRequest request, UserShardClient users, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AuthValidation.Name(request.Name, errors);
        AuthValidation.TryEmail(request.Email, errors, out var email);
        AuthValidation.Password(request.Password, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var command = new UserCommands.Register(email, request.Name!.Trim(), hasher.HashPassword(UserAccount.Any, request.Password!), Guid.CreateVersion7());
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

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, UserShardClient users, IPasswordHasher<UserAccount> hasher, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AuthValidation.TryEmail(request.Username, errors, out var email, field: "username");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > AuthValidation.MaxPasswordLength)
            errors["password"] = ["is required"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var reply = await users.AskAsync(new UserQueries.GetCredentials(email), cancellationToken);
        if (reply is not UserReplies.Credentials credentials)
        {
            // Same work as a real check, so the answer time does not reveal whether the address exists.
            hasher.VerifyHashedPassword(UserAccount.Any, DummyHash.Value, request.Password!);
            return InvalidCredentials();
        }
        if (hasher.VerifyHashedPassword(UserAccount.Any, credentials.PasswordHash, request.Password!) == PasswordVerificationResult.Failed)
            return InvalidCredentials();
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

    /// <summary>A hash of a random password, for constant-work login failures.</summary>
    private static class DummyHash
    {
        public static readonly string Value = new PasswordHasher<UserAccount>().HashPassword(UserAccount.Any, Guid.NewGuid().ToString());
    }
}
