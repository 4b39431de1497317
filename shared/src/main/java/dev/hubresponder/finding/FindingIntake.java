package dev.hubresponder.finding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads EventBridge events from Security Hub into {@link SecurityHubEvent}s: the first step of every function and of
 * {@code ./responder plan}.
 *
 * <p>An event is rejected as a whole ({@link MalformedEventException}, nothing in it is acted on) when it is not
 * JSON, not an object, not from {@code aws.securityhub}, not one of the {@link EventKind}s, has no
 * {@code detail.findings} array, or is a custom action event without an action target ARN in {@code resources[0]} or
 * whose action target belongs to another account or Region than the one EventBridge delivered the event in.
 * Otherwise every element of {@code detail.findings} is read: ASFF for {@code Security Hub Findings - Imported} and
 * {@code - Custom Action} ({@link AsffFindingReader}), OCSF for {@code Findings Imported V2}
 * ({@link OcsfFindingReader}). A finding that lacks what a decision needs (id, product ARN, account, severity), or
 * has a field the responder reads with another type than its schema's, becomes a {@link RejectedFinding} with the
 * reason, and the others go on. Unknown fields are ignored. Input is one JSON document: content after it is an error
 * ({@link #parse}), for the functions and {@code ./responder plan} alike.
 *
 * <p>Thread-safe and cheap: Jackson's tree model only, no data binding, patterns compiled once.
 */
public final class FindingIntake {
    static final String SOURCE = "aws.securityhub";
    private static final String EXPECTED_KINDS = Arrays.stream(EventKind.values())
            .map(kind -> "'" + kind.detailType() + "'").collect(Collectors.joining(", "));

    private final ObjectReader reader;

    public FindingIntake(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads an event from raw JSON.
     *
     * @throws MalformedEventException when the input is not a Security Hub findings event
     */
    public SecurityHubEvent read(byte[] json) {
        return read(parse(reader, json));
    }

    /**
     * Parses input as exactly one JSON document, as every function and {@code ./responder plan} do before
     * anything else: content after the document (a second event, stray text) makes the whole input unreadable
     * rather than silently ignored.
     *
     * @throws MalformedEventException when the input is empty or not one JSON document
     */
    public static JsonNode parse(ObjectMapper mapper, byte[] json) {
        return parse(mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS), json);
    }

    private static JsonNode parse(ObjectReader reader, byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("input is empty, expected an EventBridge event from " + SOURCE);
        }
        try {
            JsonNode node = reader.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedEventException("input is empty, expected an EventBridge event from " + SOURCE);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("input is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("input could not be read as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event already parsed into a tree.
     *
     * @throws MalformedEventException when the input is not a Security Hub findings event
     */
    public SecurityHubEvent read(JsonNode event) {
        if (event == null || event.isMissingNode()) {
            throw new MalformedEventException("input is empty, expected an EventBridge event from " + SOURCE);
        }
        if (!event.isObject()) {
            throw new MalformedEventException("event is " + JsonFields.describe(event) + ", expected a JSON object");
        }
        String source = JsonFields.text(event, "source");
        if (!SOURCE.equals(source)) {
            throw new MalformedEventException(source == null
                    ? "event has no source, expected '" + SOURCE + "'"
                    : "event source is '" + source + "', expected '" + SOURCE + "'");
        }
        String detailType = JsonFields.text(event, "detail-type");
        EventKind kind = EventKind.fromDetailType(detailType);
        if (kind == null) {
            throw new MalformedEventException((detailType == null ? "event has no detail-type"
                    : "detail-type '" + detailType + "' is not a Security Hub findings event")
                    + ", expected one of " + EXPECTED_KINDS);
        }
        JsonNode findings = event.path("detail").get("findings");
        if (findings == null || findings.isNull()) {
            throw new MalformedEventException("event has no detail.findings array");
        }
        if (!findings.isArray()) {
            throw new MalformedEventException("detail.findings is " + JsonFields.describe(findings)
                    + ", expected an array");
        }
        CustomAction action = kind == EventKind.CUSTOM_ACTION ? customAction(event) : null;
        String region = JsonFields.text(event, "region");

        List<Finding> read = new ArrayList<>(findings.size());
        List<RejectedFinding> rejected = new ArrayList<>(0);
        int index = 0;
        for (JsonNode finding : findings) {
            if (!finding.isObject()) {
                rejected.add(new RejectedFinding(null, "findings[" + index + "] is " + JsonFields.describe(finding)
                        + ", expected a finding object"));
            } else {
                try {
                    read.add(kind == EventKind.IMPORTED_V2
                            ? OcsfFindingReader.read(finding, region)
                            : AsffFindingReader.read(finding, region));
                } catch (UnreadableFindingException e) {
                    String reason = e.findingId() == null ? "findings[" + index + "]: " + e.getMessage()
                            : e.getMessage();
                    rejected.add(new RejectedFinding(e.findingId(), reason));
                }
            }
            index++;
        }
        return new SecurityHubEvent(kind, JsonFields.text(event, "id"), JsonFields.text(event, "account"), region,
                action, read, rejected);
    }

    private static CustomAction customAction(JsonNode event) {
        JsonNode resources = event.get("resources");
        String targetArn = resources != null && resources.isArray() ? JsonFields.scalar(resources.get(0)) : null;
        if (targetArn == null) {
            throw new MalformedEventException("custom action event has no action target ARN in resources[0]");
        }
        AwsArn arn = AwsArn.parse(targetArn);
        String id = arn == null ? null : arn.customActionId();
        if (id == null) {
            throw new MalformedEventException("custom action event's resources[0] '" + targetArn
                    + "' is not a Security Hub action target ARN (arn:aws:securityhub:<region>:<account>"
                    + ":action/custom/<id>)");
        }
        String account = JsonFields.text(event, "account");
        String region = JsonFields.text(event, "region");
        if (!arn.account().equals(account) || !arn.region().equals(region)) {
            throw new MalformedEventException("custom action " + targetArn + " belongs to account '"
                    + arn.account() + "', Region '" + arn.region() + "', but the event was delivered in account '"
                    + account + "', Region '" + region + "': only this account's own action targets are honoured");
        }
        JsonNode detail = event.get("detail");
        return new CustomAction(targetArn, id, JsonFields.text(detail, "actionName"),
                JsonFields.text(detail, "actionDescription"));
    }
}
