package dev.hubresponder.ticket;

import dev.hubresponder.finding.Direction;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Hand-built findings and decisions, as intake and the policy would produce them for the sample events. */
public final class TestFindings {
    public static final String GUARDDUTY_ID = "arn:aws:guardduty:us-east-1:193043430472:detector/"
            + "d4b040365221be2b54a6264dc9a4bc7c/finding/46ba0ac2b0cd1e0ab6c6e2f8f6a8d0f3";
    public static final String GUARDDUTY_PRODUCT = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
    public static final String INSTANCE_ARN = "arn:aws:ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356";

    /**
     * A title that tries everything: HTML, a mention, an issue reference, a markdown link, emphasis, backticks and a
     * fence, a heading on a new line, a table, NUL/BEL/ESC, a right-to-left override, ServiceNow [code] markup,
     * JSON and quote breakers.
     */
    public static final String HOSTILE_TITLE = "<img src=x onerror=alert(1)> @octocat #1 [click](https://evil.example)"
            + " **bold** `tick` ``` fence\n## injected heading\r\n| a | b |\u0000\u0007\u001b[31m \u202Egnp.exe"
            + " [code]<b>x</b>[/code] {\"json\":\"break\"} \\ \" '";

    /**
     * Invisible characters a producer can hide in text: zero-width space, non-joiner and joiner, byte-order mark,
     * word joiner, soft hyphen, and Unicode tag characters (U+E0001, then "ignore" spelled in U+E0020–E007F).
     */
    public static final String INVISIBLE = "\u200B\u200C\u200D\uFEFF\u2060\u00AD\uDB40\uDC01"
            + "\uDB40\uDC69\uDB40\uDC67\uDB40\uDC6E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC65";

    /** A finding whose title, description and resource id carry {@link #INVISIBLE} between visible words. */
    public static Finding withInvisibleCharacters(Severity severity) {
        Finding plain = finding("f-invisible", severity, "SSH" + INVISIBLE + " brute force",
                "Seen" + INVISIBLE + " from 199.241.229.197");
        return new Finding(plain.schema(), plain.id(), plain.productArn(), plain.productName(), plain.companyName(),
                plain.accountId(), plain.region(), plain.types(), plain.severity(), plain.normalizedScore(),
                plain.recordState(), plain.workflowStatus(), plain.title(), plain.description(), plain.createdAt(),
                plain.updatedAt(), plain.firstObservedAt(), List.of(new Resource("Container", "nginx" + INVISIBLE
                + ":alpine", "us-east-1", Map.of(), null, null)), plain.remoteAddresses(), plain.resourceRole(),
                plain.userDefinedFields(), plain.ocsfMetadataUid());
    }

    /** Every code point of Unicode category Cf (format: invisible) in any text of a JSON request body. */
    public static List<String> invisibleIn(com.fasterxml.jackson.databind.JsonNode body) {
        List<String> found = new java.util.ArrayList<>();
        if (body.isTextual()) {
            body.asText().codePoints().filter(cp -> Character.getType(cp) == Character.FORMAT)
                    .forEach(cp -> found.add(String.format("U+%04X", cp)));
        }
        body.forEach(child -> found.addAll(invisibleIn(child)));
        return found;
    }

    private TestFindings() {
    }

    /** The sample GuardDuty SSH brute-force finding, raised to HIGH. */
    public static Finding sshBruteForce() {
        return finding(GUARDDUTY_ID, Severity.HIGH,
                "199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356.",
                "199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356. Brute force "
                        + "attacks are used to gain unauthorized access to your instance by guessing the SSH password.");
    }

    public static Finding finding(String id, Severity severity, String title, String description) {
        return withWorkflow(id, severity, title, description, "NEW");
    }

    public static Finding withWorkflow(String id, Severity severity, String title, String description,
                                       String workflow) {
        return new Finding(FindingSchema.ASFF, id, GUARDDUTY_PRODUCT, "GuardDuty", "Amazon", "193043430472",
                "us-east-1", List.of("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"), severity, 70.0,
                "ACTIVE", workflow, title, description, Instant.parse("2020-08-22T09:34:34Z"),
                Instant.parse("2020-09-30T12:14:00Z"), Instant.parse("2020-08-22T09:15:57Z"),
                List.of(new Resource("AwsEc2Instance", INSTANCE_ARN, "us-east-1", Map.of("Name", "kubectl"), null,
                        null)),
                List.of(new RemoteAddress("199.241.229.197", Direction.INBOUND,
                        "ProductFields.aws/guardduty/service/action/networkConnectionAction/remoteIpDetails/ipAddressV4")),
                ResourceRole.TARGET, Map.of(), null);
    }

    /** A decision with the given finding-level actions and no refusals. */
    public static Decision decision(Finding finding, ResponseAction... actions) {
        return new Decision(finding, Arrays.stream(actions).map(TestFindings::planned).toList(), List.of(),
                "HIGH threat finding: ticket and alert");
    }

    public static Decision decision(Finding finding, List<PlannedAction> actions, List<Refusal> refused) {
        return new Decision(finding, actions, refused, "HIGH threat finding: ticket and alert");
    }

    public static PlannedAction planned(ResponseAction action) {
        return new PlannedAction(action, null, "policy: " + action, false);
    }
}
