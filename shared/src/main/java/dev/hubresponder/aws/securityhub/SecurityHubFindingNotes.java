package dev.hubresponder.aws.securityhub;

import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.audit.WorkflowMark;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsRequest;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsV2Request;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsV2Response;
import software.amazon.awssdk.services.securityhub.model.OcsfFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.SecurityHubException;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * Writes notes onto findings with {@code BatchUpdateFindings} (ASFF) and {@code BatchUpdateFindingsV2} (OCSF).
 *
 * <p>Notes with the same content go out together, at most {@value #MAX_PER_CALL} findings per call. Findings
 * Security Hub reports as {@code ConcurrentUpdateError} (V2: {@code ConflictException}) are sent again after an
 * exponential, jittered backoff, up to {@code maxAttempts} calls; every other unprocessed finding, and every
 * finding of a call that failed as a whole, is logged and returned as a failure. Nothing is thrown: a note that
 * cannot be written must not make an action run again.
 *
 * <p>The client must use an HTTP client that can send PATCH: {@link #client()} builds one with the Apache client.
 */
public final class SecurityHubFindingNotes implements FindingNotes {
    /** Security Hub's limit of finding identifiers per call. */
    public static final int MAX_PER_CALL = 100;
    /** {@code Note.UpdatedBy}. */
    public static final String UPDATED_BY = "hub-responder";
    /** OCSF {@code status_id} for In Progress and Resolved. */
    static final int OCSF_IN_PROGRESS = 2;
    static final int OCSF_RESOLVED = 4;

    private static final System.Logger LOG = System.getLogger(SecurityHubFindingNotes.class.getName());

    private final SecurityHubClient hub;
    private final int maxAttempts;
    private final Duration baseDelay;

    /**
     * @param maxAttempts calls per batch, counting the first, before a finding that keeps meeting a concurrent
     *                    update is reported as failed
     * @param baseDelay   the wait before the first retry; doubled for each further one, with jitter
     */
    public SecurityHubFindingNotes(SecurityHubClient hub, int maxAttempts, Duration baseDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
        }
        this.hub = Objects.requireNonNull(hub, "hub");
        this.maxAttempts = maxAttempts;
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
    }

    /** Four attempts, 200 ms before the first retry. */
    public SecurityHubFindingNotes(SecurityHubClient hub) {
        this(hub, 4, Duration.ofMillis(200));
    }

    /**
     * A Security Hub client that can send PATCH: the Region and credentials of {@link LambdaSdk}, the endpoint from
     * {@code AWS_ENDPOINT_URL*} when set.
     */
    public static SecurityHubClient client(Map<String, String> env) {
        return LambdaSdk.configure(SecurityHubClient.builder(), env).httpClient(ApacheHttpClient.create()).build();
    }

    @Override
    public NoteReport write(List<FindingNote> notes) {
        Results results = new Results();
        Map<Content, List<Finding>> asff = new LinkedHashMap<>();
        Map<Content, List<Finding>> ocsfByUid = new LinkedHashMap<>();
        Map<Content, List<Finding>> ocsfByIdentifier = new LinkedHashMap<>();
        for (FindingNote note : notes) {
            Finding finding = note.finding();
            Content content = new Content(note.text(), note.workflow(), note.fields());
            Map<Content, List<Finding>> group = finding.schema() == FindingSchema.ASFF ? asff
                    : finding.ocsfMetadataUid() != null ? ocsfByUid : ocsfByIdentifier;
            group.computeIfAbsent(content, c -> new ArrayList<>()).add(finding);
        }
        asff.forEach((content, findings) -> chunks(findings).forEach(chunk -> writeAsff(content, chunk, results)));
        ocsfByUid.forEach((content, findings) -> chunks(findings)
                .forEach(chunk -> writeOcsf(content, chunk, true, results)));
        ocsfByIdentifier.forEach((content, findings) -> chunks(findings)
                .forEach(chunk -> writeOcsf(content, chunk, false, results)));
        return new NoteReport(results.written, results.failed);
    }

    private void writeAsff(Content content, List<Finding> findings, Results results) {
        Map<String, Finding> pending = new LinkedHashMap<>();
        findings.forEach(f -> pending.put(asffId(f.id(), f.productArn()), f));
        writeWithRetries(pending, "ConcurrentUpdateError", batch -> {
            BatchUpdateFindingsResponse response = hub.batchUpdateFindings(asffRequest(content, batch));
            return new Round(response.processedFindings().stream().map(p -> asffId(p.id(), p.productArn())).toList(),
                    response.unprocessedFindings().stream().map(u -> new Unprocessed(
                            asffId(u.findingIdentifier().id(), u.findingIdentifier().productArn()), u.errorCode(),
                            u.errorMessage())).toList());
        }, results);
    }

    private void writeOcsf(Content content, List<Finding> findings, boolean byUid, Results results) {
        Map<String, Finding> pending = new LinkedHashMap<>();
        findings.forEach(f -> pending.put(ocsfId(f, byUid), f));
        writeWithRetries(pending, "ConflictException", batch -> {
            BatchUpdateFindingsV2Response response = hub.batchUpdateFindingsV2(ocsfRequest(content, batch, byUid));
            return new Round(response.processedFindings().stream()
                    .map(p -> ocsfId(p.metadataUid(), p.findingIdentifier(), byUid)).toList(),
                    response.unprocessedFindings().stream().map(u -> new Unprocessed(
                            ocsfId(u.metadataUid(), u.findingIdentifier(), byUid), u.errorCodeAsString(),
                            u.errorMessage())).toList());
        }, results);
    }

    /** One call's answer, with each finding named by the key {@code pending} uses. */
    private record Round(List<String> processed, List<Unprocessed> unprocessed) {
    }

    private record Unprocessed(String key, String errorCode, String errorMessage) {
    }

    /**
     * Calls until every pending finding is written or reported failed: findings that met {@code retryCode} (a
     * concurrent update) are sent again after a pause, up to {@code maxAttempts} calls; a call refused as a whole
     * fails all it carried; a finding the answer does not mention is reported as such.
     */
    private void writeWithRetries(Map<String, Finding> pending, String retryCode,
                                  Function<Collection<Finding>, Round> call, Results results) {
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Round round;
            try {
                round = call.apply(pending.values());
            } catch (SecurityHubException e) {
                results.failAll(pending.values(), e.awsErrorDetails().errorCode(), e.getMessage());
                return;
            } catch (SdkClientException e) {
                results.failAll(pending.values(), "ClientError", e.getMessage());
                return;
            }
            for (String key : round.processed()) {
                Finding done = pending.remove(key);
                if (done != null) {
                    results.written.add(done.id());
                }
            }
            Map<String, Finding> retry = new LinkedHashMap<>();
            for (Unprocessed u : round.unprocessed()) {
                Finding finding = pending.remove(u.key());
                if (finding == null) {
                    continue;
                }
                if (retryCode.equals(u.errorCode()) && attempt < maxAttempts) {
                    retry.put(u.key(), finding);
                } else {
                    results.fail(finding, u.errorCode(), u.errorMessage());
                }
            }
            results.failAll(pending.values(), "NotReported", "Security Hub reported neither success nor failure");
            pending.clear();
            pending.putAll(retry);
            if (!pending.isEmpty() && !pause(attempt)) {
                results.failAll(pending.values(), "Interrupted", "interrupted while waiting to retry");
                return;
            }
        }
    }

    private static BatchUpdateFindingsRequest asffRequest(Content content, Iterable<Finding> findings) {
        List<AwsSecurityFindingIdentifier> ids = new ArrayList<>();
        findings.forEach(f -> ids.add(AwsSecurityFindingIdentifier.builder().id(f.id()).productArn(f.productArn())
                .build()));
        BatchUpdateFindingsRequest.Builder request = BatchUpdateFindingsRequest.builder()
                .findingIdentifiers(ids)
                .note(n -> n.text(content.text()).updatedBy(UPDATED_BY));
        if (!content.fields().isEmpty()) {
            request.userDefinedFields(content.fields());
        }
        switch (content.workflow()) {
            case NOTIFIED -> request.workflow(w -> w.status(WorkflowStatus.NOTIFIED));
            case RESOLVED -> request.workflow(w -> w.status(WorkflowStatus.RESOLVED));
            case UNCHANGED -> {
            }
        }
        return request.build();
    }

    private static BatchUpdateFindingsV2Request ocsfRequest(Content content, Iterable<Finding> findings,
                                                            boolean byUid) {
        BatchUpdateFindingsV2Request.Builder request = BatchUpdateFindingsV2Request.builder().comment(content.text());
        List<String> uids = new ArrayList<>();
        List<OcsfFindingIdentifier> identifiers = new ArrayList<>();
        for (Finding f : findings) {
            if (byUid) {
                uids.add(f.ocsfMetadataUid());
            } else {
                identifiers.add(OcsfFindingIdentifier.builder().cloudAccountUid(f.accountId()).findingInfoUid(f.id())
                        .metadataProductUid(f.productArn()).build());
            }
        }
        if (byUid) {
            request.metadataUids(uids);
        } else {
            request.findingIdentifiers(identifiers);
        }
        switch (content.workflow()) {
            case NOTIFIED -> request.statusId(OCSF_IN_PROGRESS);
            case RESOLVED -> request.statusId(OCSF_RESOLVED);
            case UNCHANGED -> {
            }
        }
        return request.build();
    }

    private boolean pause(int attempt) {
        long ceiling = baseDelay.toMillis() << Math.min(attempt - 1, 10);
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<List<Finding>> chunks(List<Finding> findings) {
        List<List<Finding>> chunks = new ArrayList<>();
        for (int i = 0; i < findings.size(); i += MAX_PER_CALL) {
            chunks.add(findings.subList(i, Math.min(findings.size(), i + MAX_PER_CALL)));
        }
        return chunks;
    }

    private static String asffId(String id, String productArn) {
        return id + "\n" + productArn;
    }

    private static String ocsfId(Finding f, boolean byUid) {
        return byUid ? f.ocsfMetadataUid() : f.accountId() + "\n" + f.id() + "\n" + f.productArn();
    }

    private static String ocsfId(String metadataUid, OcsfFindingIdentifier identifier, boolean byUid) {
        if (byUid) {
            return metadataUid;
        }
        return identifier == null ? null
                : identifier.cloudAccountUid() + "\n" + identifier.findingInfoUid() + "\n"
                + identifier.metadataProductUid();
    }

    /** What one call writes; notes with equal content share a call. */
    private record Content(String text, WorkflowMark workflow, Map<String, String> fields) {
    }

    private static final class Results {
        final List<String> written = new ArrayList<>();
        final List<NoteReport.Failure> failed = new ArrayList<>();

        void fail(Finding finding, String code, String message) {
            LOG.log(Level.WARNING, "note not written on finding {0} ({1}): {2} {3}", finding.id(),
                    finding.schema(), code, message);
            failed.add(new NoteReport.Failure(finding.id(), code, message));
        }

        void failAll(Iterable<Finding> findings, String code, String message) {
            findings.forEach(f -> fail(f, code, message));
        }
    }
}
