using AkkaOcr.Mail.Messaging.Amqp;
using MimeKit;

namespace AkkaOcr.Mail;

/// <summary>A message of a batch rendered into its mail; <see cref="MessageId"/> is null for a message without one.</summary>
internal sealed record PendingMail(AmqpDelivery Delivery, MimeMessage Message, string? MessageId);
