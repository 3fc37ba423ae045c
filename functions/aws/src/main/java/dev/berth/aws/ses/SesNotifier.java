package dev.berth.aws.ses;

import dev.berth.core.monitoring.Notification;
import dev.berth.core.port.Notifier;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;

/** Incident notices by e-mail through Amazon SES (v2 SendEmail), from a verified sender to the operators. */
public final class SesNotifier implements Notifier {
    private final SesV2Client ses;
    private final String from;
    private final List<String> to;

    /** @param to the global recipients (maybe none: then only instances' owners are written to) */
    public SesNotifier(SesV2Client ses, String from, List<String> to) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("E-mail notices need a sender");
        }
        this.ses = ses;
        this.from = from;
        this.to = List.copyOf(to);
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public boolean reaches(Notification notification) {
        return !to.isEmpty() || !notification.recipients().isEmpty();
    }

    @Override
    public void send(Notification notification) {
        java.util.Set<String> recipients = new java.util.LinkedHashSet<>(to);
        recipients.addAll(notification.recipients());
        try {
            ses.sendEmail(request -> request.fromEmailAddress(from)
                    .destination(Destination.builder().toAddresses(recipients).build())
                    .content(EmailContent.builder().simple(Message.builder()
                            .subject(text("[Berth] " + notification.headline()))
                            .body(Body.builder().text(text(notification.text())).build()).build()).build()));
        } catch (SdkException e) {
            throw new IllegalStateException("SES refused the e-mail: " + e.getMessage(), e);
        }
    }

    private static Content text(String data) {
        return Content.builder().charset("UTF-8").data(data).build();
    }
}
