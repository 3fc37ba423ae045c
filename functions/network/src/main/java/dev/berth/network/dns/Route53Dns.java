package dev.berth.network.dns;

import dev.berth.core.port.Dns;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.routing.DnsRecord;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * {@link Dns} on Route 53: UPSERT and DELETE through ChangeResourceRecordSets, one record per
 * change so that deleting a record that is already gone (which Route 53 refuses with
 * InvalidChangeBatch) does not stop the others.
 */
public final class Route53Dns implements Dns {
    private final Route53Client route53;
    private final String hostedZoneId;

    public Route53Dns(Route53Client route53, String hostedZoneId) {
        this.route53 = route53;
        this.hostedZoneId = hostedZoneId;
    }

    @Override
    public void upsert(List<DnsRecord> records) {
        if (!records.isEmpty()) {
            change(records.stream().map(r -> change(ChangeAction.UPSERT, r)).toList());
        }
    }

    @Override
    public void delete(List<DnsRecord> records) {
        for (DnsRecord record : records) {
            try {
                change(List.of(change(ChangeAction.DELETE, record)));
            } catch (CloudException e) {
                if (!alreadyGone(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    /** Route 53's answer to deleting a record set that does not exist: InvalidChangeBatch, "... but it was not found". */
    private static boolean alreadyGone(Throwable error) {
        if (!(error instanceof Route53Exception e) || e.awsErrorDetails() == null) {
            return false;
        }
        String body = e.awsErrorDetails().rawResponse() == null ? "" : e.awsErrorDetails().rawResponse().asUtf8String();
        boolean invalidBatch = e instanceof InvalidChangeBatchException || "InvalidChangeBatch".equals(e.awsErrorDetails().errorCode())
                || body.contains("<InvalidChangeBatch");
        return invalidBatch && (body + e.getMessage()).contains("not found");
    }

    private static Change change(ChangeAction action, DnsRecord record) {
        return Change.builder().action(action).resourceRecordSet(set -> set.name(record.fqdn()).type(record.type())
                .ttl((long) record.ttl()).resourceRecords(rr -> rr.value(value(record)))).build();
    }

    /** Route 53 wants a TXT value in double quotes (an ACME challenge's digest has none of its own). */
    private static String value(DnsRecord record) {
        return record.type().equals("TXT") ? "\"" + record.value().replace("\"", "\\\"") + "\"" : record.value();
    }

    private void change(List<Change> changes) {
        try {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                    .changeBatch(b -> b.comment("Berth").changes(changes)));
        } catch (Route53Exception e) {
            String text = "Route 53 answered " + e.statusCode() + ": " + e.getMessage();
            throw e.statusCode() >= 500 || e.isThrottlingException() ? new CloudException.Transient(text, e) : new CloudException.Permanent(text, e);
        } catch (SdkClientException e) {
            throw new CloudException.Transient("Route 53 could not be reached: " + e.getMessage(), e);
        }
    }
}
