using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using AkkaOcr.Messages;

namespace AkkaOcr.Tests.Serialization;

/// <summary>
/// Akka logs a dead letter or an unhandled message whole, by its <c>ToString</c>. The rule for what must not
/// be printed is the <see cref="SecretAttribute"/> on a member: every record in the protocol assembly must print
/// each of its secret members as <see cref="SecretAttribute.Placeholder"/> and still name all its other members,
/// and no secret value anywhere inside a message may show in its text.
/// </summary>
public sealed partial class SecretRedactionTests
{
    /// <summary>Every record (class or struct) the protocol assembly declares, messages or not.</summary>
    public static TheoryData<Type> RecordTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(IAkkaOcrMessage).Assembly.GetTypes()
                     .Where(type => type is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && IsRecord(type))
                     .OrderBy(type => type.FullName))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void A_record_prints_its_secret_members_redacted_and_its_other_members_readable(Type type) =>
        Assert.Empty(PrintingProblems(SampleValues.Create(type)));

    [Fact]
    public void A_record_that_prints_a_secret_is_caught()
    {
        var leaky = new LeakyRecord("sample-hash", [1, 2, 3], new LeakyRecord("nested-hash", [4, 5, 6], null));

        var problems = PrintingProblems(leaky);

        Assert.Contains(problems, problem => problem.Contains("Hash is not printed as"));
        Assert.Contains(problems, problem => problem.Contains("sample-hash"));
        Assert.Contains(problems, problem => problem.Contains("nested-hash"));
    }

    /// <summary>
    /// A new member named like a secret must be marked, or this fails: forgetting <see cref="SecretAttribute"/>
    /// would otherwise let its value print. A flag (<c>SkipText</c>) holds no secret whatever its name.
    /// </summary>
    [Fact]
    public void Every_member_named_like_a_secret_is_marked_secret()
    {
        var unmarked = RecordTypes().Select(row => row.Data)
            .SelectMany(PublicProperties)
            .Where(property => SecretName().IsMatch(property.Name) && property.PropertyType != typeof(bool) && !IsSecret(property))
            .Select(property => $"{property.DeclaringType!.FullName}.{property.Name}")
            .ToList();

        Assert.Empty(unmarked);
    }

    /// <summary>What is wrong with <paramref name="sample"/>'s text; empty when it is safe to log.</summary>
    private static List<string> PrintingProblems(object sample)
    {
        var text = sample.ToString()!;
        var problems = new List<string>();
        foreach (var property in PublicProperties(sample.GetType()))
        {
            if (IsSecret(property) && !text.Contains($"{property.Name} = {SecretAttribute.Placeholder}", StringComparison.Ordinal))
                problems.Add($"{property.Name} is not printed as {SecretAttribute.Placeholder}: {text}");
            // A record's own ToString (a strongly typed id's) prints what it chose; only the generated form names every member.
            else if (!IsSecret(property) && HasGeneratedToString(sample.GetType()) &&
                     !Regex.IsMatch(text, $@"\b{property.Name} = (?!{Regex.Escape(SecretAttribute.Placeholder)})"))
                problems.Add($"{property.Name} is not printed readably: {text}");
        }
        problems.AddRange(SecretValues(sample).SelectMany(Renderings)
            .Where(secret => text.Contains(secret, StringComparison.Ordinal))
            .Select(secret => $"the secret value '{secret}' shows: {text}"));
        return problems;
    }

    /// <summary>Names that hold a password, a code, a hash, sealed bytes, image bytes or recognized text.</summary>
    [GeneratedRegex("(Password|Hash|Code|Text)$|^(Words|Rendered|Data|Encrypted|Sealed)")]
    private static partial Regex SecretName();

    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(System.Text.StringBuilder)]) is not null;

    private static bool HasGeneratedToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)!.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute));

    private static bool IsSecret(PropertyInfo property) => property.IsDefined(typeof(SecretAttribute));

    private static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract");

    /// <summary>The values of secret members anywhere in <paramref name="value"/>: in nested records and in lists of them.</summary>
    private static IEnumerable<object> SecretValues(object? value)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || !IsRecord(value.GetType()) && value is not IEnumerable)
            yield break;
        if (value is IEnumerable items)
        {
            foreach (var item in items.Cast<object?>().SelectMany(SecretValues))
                yield return item;
            yield break;
        }
        foreach (var property in PublicProperties(value.GetType()))
        {
            var member = property.GetValue(value);
            if (IsSecret(property) && member is not null)
                yield return member;
            foreach (var nested in SecretValues(member))
                yield return nested;
        }
    }

    /// <summary>How a secret could show in text: a string as itself, bytes in the usual encodings, a list by its items.</summary>
    private static IEnumerable<string> Renderings(object secret) => secret switch
    {
        string text => [text],
        byte[] bytes => [Convert.ToHexString(bytes), Convert.ToBase64String(bytes), string.Join(", ", bytes), BitConverter.ToString(bytes)],
        IEnumerable items => items.Cast<object>().SelectMany(item => item is string or byte[] ? Renderings(item) : [item.ToString()!]),
        _ => [secret.ToString()!],
    };

    /// <summary>A record with secrets and the generated <c>ToString</c>, to show the checks catch a leak.</summary>
    private sealed record LeakyRecord([property: Secret] string Hash, [property: Secret] byte[] SealedBytes, LeakyRecord? Inner);
}
