package dev.hubresponder.aws.securityhub;

import dev.hubresponder.digest.FindingQuery;
import dev.hubresponder.digest.FindingSource;
import dev.hubresponder.digest.FindingSourceUnavailableException;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.DateFilter;
import software.amazon.awssdk.services.securityhub.model.GetFindingsRequest;
import software.amazon.awssdk.services.securityhub.model.GetFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.SecurityHubException;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/**
 * Reads findings with {@code GetFindings} ({@code POST /findings}): filters {@code SeverityLabel} EQUALS each
 * severity (values of one field are OR-ed), {@code RecordState} EQUALS ACTIVE and {@code UpdatedAt} between the
 * window's start and end, 100 per page, following {@code NextToken} to the last page.
 *
 * <p>The client must be built with the Apache (or CRT) HTTP client: the other Security Hub calls the product
 * makes need PATCH, which the URL-connection client cannot send (aws-facts §2).
 */
public final class SecurityHubFindingSource implements FindingSource {
    /** GetFindings' largest page. */
    static final int PAGE_SIZE = 100;

    private final SecurityHubClient securityHub;
    private final int maxPages;

    /** @param maxPages a stop after this many pages, so that a runaway result set cannot outlast the function */
    public SecurityHubFindingSource(SecurityHubClient securityHub, int maxPages) {
        this.securityHub = Objects.requireNonNull(securityHub, "securityHub");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1, was " + maxPages);
        }
        this.maxPages = maxPages;
    }

    @Override
    public Scan scan(FindingQuery query, Consumer<Finding> sink) {
        AwsSecurityFindingFilters filters = filters(query);
        Set<String> tokensSeen = new HashSet<>();
        int pages = 0;
        int received = 0;
        int unreadable = 0;
        String token = null;
        do {
            if (pages == maxPages) {
                return new Scan(pages, received, unreadable, "stopped after " + maxPages + " pages of "
                        + PAGE_SIZE + " findings; narrow the digest's severities or shorten its window");
            }
            GetFindingsRequest request = GetFindingsRequest.builder().filters(filters).maxResults(PAGE_SIZE)
                    .nextToken(token).build();
            GetFindingsResponse response;
            try {
                response = securityHub.getFindings(request);
            } catch (SecurityHubException e) {
                if (e.isThrottlingException() || e.statusCode() >= 500) {
                    throw new FindingSourceUnavailableException("GetFindings page " + (pages + 1)
                            + " could not be read right now: " + e.getMessage(), e);
                }
                return new Scan(pages, received, unreadable, "GetFindings page " + (pages + 1) + " refused: "
                        + (e.awsErrorDetails() == null ? "HTTP " + e.statusCode()
                        : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()));
            } catch (SdkClientException e) {
                throw new FindingSourceUnavailableException("Security Hub could not be reached for GetFindings page "
                        + (pages + 1) + ": " + e.getMessage(), e);
            }
            pages++;
            for (AwsSecurityFinding raw : response.findings()) {
                Optional<Finding> finding = toFinding(raw);
                if (finding.isPresent()) {
                    received++;
                    sink.accept(finding.get());
                } else {
                    unreadable++;
                }
            }
            token = response.nextToken();
            if (token != null && !token.isEmpty() && !tokensSeen.add(token)) {
                return new Scan(pages, received, unreadable, "Security Hub returned the same NextToken twice");
            }
        } while (token != null && !token.isEmpty());
        return new Scan(pages, received, unreadable, null);
    }

    static AwsSecurityFindingFilters filters(FindingQuery query) {
        List<StringFilter> severities = query.severities().stream().sorted()
                .map(s -> equalsFilter(s.name())).toList();
        return AwsSecurityFindingFilters.builder()
                .severityLabel(severities)
                .recordState(equalsFilter(FindingQuery.ACTIVE))
                .updatedAt(DateFilter.builder().start(query.updatedFrom().toString())
                        .end(query.updatedTo().toString()).build())
                .build();
    }

    private static StringFilter equalsFilter(String value) {
        return StringFilter.builder().value(value).comparison(StringFilterComparison.EQUALS).build();
    }

    /** The finding, or empty when it lacks an id, product ARN, account or any severity. */
    static Optional<Finding> toFinding(AwsSecurityFinding raw) {
        Optional<Severity> severity = severityOf(raw);
        if (raw.id() == null || raw.productArn() == null || raw.awsAccountId() == null || severity.isEmpty()) {
            return Optional.empty();
        }
        List<Resource> resources = raw.resources().stream()
                .map(r -> new Resource(r.type(), r.id(), r.region(), r.tags(), null, null))
                .toList();
        return Optional.of(new Finding(FindingSchema.ASFF, raw.id(), raw.productArn(), raw.productName(),
                raw.companyName(), raw.awsAccountId(), raw.region(), raw.types(), severity.get(),
                raw.severity().normalized() == null ? null : raw.severity().normalized().doubleValue(),
                raw.recordStateAsString(), raw.workflow() == null ? null : raw.workflow().statusAsString(),
                raw.title(), raw.description(), instant(raw.createdAt()), instant(raw.updatedAt()),
                instant(raw.firstObservedAt()), resources, List.of(), ResourceRole.UNKNOWN,
                raw.userDefinedFields() == null ? Map.of() : raw.userDefinedFields(), null));
    }

    /** {@code Severity.Label}, or the label Security Hub derives from {@code Severity.Normalized} when absent. */
    private static Optional<Severity> severityOf(AwsSecurityFinding raw) {
        if (raw.severity() == null) {
            return Optional.empty();
        }
        Optional<Severity> label = Severity.fromLabel(raw.severity().labelAsString());
        if (label.isPresent() || raw.severity().normalized() == null) {
            return label;
        }
        int n = raw.severity().normalized();
        return Optional.of(n >= 90 ? Severity.CRITICAL : n >= 70 ? Severity.HIGH : n >= 40 ? Severity.MEDIUM
                : n >= 1 ? Severity.LOW : Severity.INFORMATIONAL);
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                return null;
            }
        }
    }
}
