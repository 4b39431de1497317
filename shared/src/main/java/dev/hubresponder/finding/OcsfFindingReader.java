package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one OCSF finding (from {@code Findings Imported V2} events, Security Hub "v2") into a {@link Finding}.
 * OCSF has no counterpart for some ASFF fields; those stay null or empty.
 *
 * <table>
 *   <caption>OCSF field → Finding</caption>
 *   <tr><th>Finding</th><th>OCSF</th></tr>
 *   <tr><td>id</td><td>{@code finding_info.uid} (required)</td></tr>
 *   <tr><td>productArn</td><td>{@code metadata.product.uid} (required, an ARN)</td></tr>
 *   <tr><td>productName</td><td>{@code metadata.product.name}</td></tr>
 *   <tr><td>companyName</td><td>{@code metadata.product.vendor_name}</td></tr>
 *   <tr><td>accountId</td><td>{@code cloud.account.uid} (required, 12 digits)</td></tr>
 *   <tr><td>region</td><td>{@code cloud.region}; else the event's region</td></tr>
 *   <tr><td>types</td><td>{@code finding_info.types[]}</td></tr>
 *   <tr><td>severity</td><td>{@code severity_id} 1 INFORMATIONAL, 2 LOW, 3 MEDIUM, 4 HIGH, 5–6 CRITICAL; else the
 *       {@code severity} text (a label, or Fatal → CRITICAL) (required)</td></tr>
 *   <tr><td>normalizedScore</td><td>none (null)</td></tr>
 *   <tr><td>recordState</td><td>ARCHIVED when {@code activity_id} is 3 (Close), else ACTIVE</td></tr>
 *   <tr><td>workflowStatus</td><td>{@code status_id} 0/1 → NEW, 2 (In Progress) → NOTIFIED, 3 → SUPPRESSED,
 *       4 → RESOLVED, anything else → OTHER; without {@code status_id}, the {@code status} text the same way;
 *       without either, NEW</td></tr>
 *   <tr><td>title, description</td><td>{@code finding_info.title}, {@code finding_info.desc}</td></tr>
 *   <tr><td>createdAt, updatedAt, firstObservedAt</td><td>{@code finding_info.created_time_dt},
 *       {@code modified_time_dt}, {@code first_seen_time_dt}; else the epoch-millisecond {@code created_time},
 *       {@code modified_time}, {@code first_seen_time}</td></tr>
 *   <tr><td>resources</td><td>{@code resources[]}: {@code type}; id = {@code uid_alt} when it is an ARN, else
 *       {@code uid}; {@code region}; {@code tags[]} of {@code {name, value}}; EC2 details for
 *       {@code AWS::EC2::Instance} and ECS details for {@code AWS::ECS::Task} when the id is such an ARN (no VPC,
 *       subnet or ENIs: OCSF findings do not carry them)</td></tr>
 *   <tr><td>remoteAddresses</td><td>{@code evidences[].src_endpoint.ip} (INBOUND) when
 *       {@code evidences[].connection_info.direction_id} is 1 (Inbound); {@code dst_endpoint.ip} (OUTBOUND) when
 *       it is 2 (Outbound); both, with direction UNKNOWN, otherwise</td></tr>
 *   <tr><td>resourceRole</td><td>the first {@code resources[].role} that reads Actor or Target (unverified: AWS
 *       does not document one for v2 threat findings); else UNKNOWN</td></tr>
 *   <tr><td>userDefinedFields</td><td>none (empty)</td></tr>
 *   <tr><td>ocsfMetadataUid</td><td>{@code metadata.uid}</td></tr>
 * </table>
 */
final class OcsfFindingReader {
    private static final int ACTIVITY_CLOSE = 3;
    private static final int DIRECTION_INBOUND = 1;
    private static final int DIRECTION_OUTBOUND = 2;

    private OcsfFindingReader() {
    }

    static Finding read(JsonNode finding, String eventRegion) throws UnreadableFindingException {
        JsonNode info = JsonFields.object(finding, "finding_info");
        JsonNode metadata = JsonFields.object(finding, "metadata");
        JsonNode product = JsonFields.object(metadata, "product");
        JsonNode cloud = JsonFields.object(finding, "cloud");

        List<String> problems = new ArrayList<>(2);
        String id = required(info, "uid", "finding_info.uid", problems);
        String productArn = required(product, "uid", "metadata.product.uid", problems);
        if (productArn != null && AwsArn.parse(productArn) == null) {
            problems.add("metadata.product.uid '" + productArn + "' is not an ARN");
        }
        String accountId = required(JsonFields.object(cloud, "account"), "uid", "cloud.account.uid",
                problems);
        if (accountId != null && !JsonFields.isAccountId(accountId)) {
            problems.add("cloud.account.uid '" + accountId + "' is not a 12-digit account id");
        }
        Severity severity = severity(finding, problems);
        List<String> wrongTypes = new ArrayList<>(0);
        wrongTypes(finding, wrongTypes);
        UnreadableFindingException.throwIfAny(id, problems, wrongTypes);

        String region = JsonFields.text(cloud, "region");
        Integer activity = integer(finding, "activity_id");
        return new Finding(FindingSchema.OCSF, id, productArn, JsonFields.text(product, "name"),
                JsonFields.text(product, "vendor_name"), accountId, region != null ? region : eventRegion,
                JsonFields.strings(info, "types"), severity, null,
                activity != null && activity == ACTIVITY_CLOSE ? "ARCHIVED" : "ACTIVE", workflowStatus(finding),
                JsonFields.text(info, "title"), JsonFields.text(info, "desc"),
                time(info, "created_time"), time(info, "modified_time"), time(info, "first_seen_time"),
                resources(finding), remoteAddresses(finding), resourceRole(finding), Map.of(),
                JsonFields.text(metadata, "uid"));
    }

    /**
     * The fields a decision or a message reads must have OCSF's types when present, as for ASFF: a number where
     * OCSF has a string (or the reverse) rejects the finding, naming the field, rather than reading as absent.
     */
    private static void wrongTypes(JsonNode finding, List<String> problems) {
        JsonNode info = finding.get("finding_info");
        if (JsonFields.expectObject(finding, "finding_info", "finding_info", problems)) {
            for (String field : List.of("uid", "title", "desc")) {
                JsonFields.expectString(info, field, "finding_info." + field, problems);
            }
            JsonFields.expectStrings(info, "types", "finding_info.types", problems);
        }
        if (JsonFields.expectObject(finding, "metadata", "metadata", problems)
                && JsonFields.expectObject(finding.get("metadata"), "product", "metadata.product", problems)) {
            for (String field : List.of("uid", "name", "vendor_name")) {
                JsonFields.expectString(finding.get("metadata").get("product"), field, "metadata.product." + field,
                        problems);
            }
        }
        if (JsonFields.expectObject(finding, "cloud", "cloud", problems)) {
            JsonFields.expectString(finding.get("cloud"), "region", "cloud.region", problems);
            if (JsonFields.expectObject(finding.get("cloud"), "account", "cloud.account", problems)) {
                JsonFields.expectString(finding.get("cloud").get("account"), "uid", "cloud.account.uid", problems);
            }
        }
        for (String field : List.of("severity_id", "status_id", "activity_id")) {
            JsonFields.expectNumber(finding, field, field, problems);
        }
        JsonFields.expectString(finding, "severity", "severity", problems);
        JsonFields.eachObject(finding, "resources", "resources", problems, (resource, at) -> {
            for (String field : List.of("type", "uid", "uid_alt", "region", "role")) {
                JsonFields.expectString(resource, field, at + "." + field, problems);
            }
        });
    }

    /** The field's text; null, and "missing" said, when absent or blank (a wrong type is said by wrongTypes). */
    private static String required(JsonNode parent, String name, String field, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node != null && !node.isNull() && !node.isTextual()) {
            return null;
        }
        String value = JsonFields.string(parent, name);
        if (value == null || value.isBlank()) {
            problems.add("missing " + field);
            return null;
        }
        return value;
    }

    private static Severity severity(JsonNode finding, List<String> problems) {
        Integer severityId = integer(finding, "severity_id");
        if (severityId != null) {
            Optional<Severity> byId = Severity.fromOcsfId(severityId);
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        String text = JsonFields.text(finding, "severity");
        Optional<Severity> byText = "fatal".equalsIgnoreCase(text == null ? null : text.trim())
                ? Optional.of(Severity.CRITICAL) : Severity.fromLabel(text);
        if (byText.isPresent()) {
            return byText.get();
        }
        if (severityId == null && text == null) {
            problems.add("missing severity_id and severity");
        } else if (text == null) {
            problems.add("severity_id " + severityId + " names no severity");
        } else if (severityId == null) {
            problems.add("severity '" + text + "' names no severity");
        } else {
            problems.add("severity_id " + severityId + " and severity '" + text + "' name no severity");
        }
        return null;
    }

    private static String workflowStatus(JsonNode finding) {
        Integer statusId = integer(finding, "status_id");
        if (statusId != null) {
            return switch (statusId) {
                case 0, 1 -> "NEW";
                case 2 -> "NOTIFIED";
                case 3 -> "SUPPRESSED";
                case 4 -> "RESOLVED";
                default -> "OTHER";
            };
        }
        String status = JsonFields.text(finding, "status");
        if (status == null) {
            return "NEW";
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "new", "unknown" -> "NEW";
            case "in progress", "in_progress" -> "NOTIFIED";
            case "suppressed" -> "SUPPRESSED";
            case "resolved" -> "RESOLVED";
            default -> "OTHER";
        };
    }

    private static Instant time(JsonNode info, String field) {
        Instant iso = JsonFields.instant(info, field + "_dt");
        if (iso != null) {
            return iso;
        }
        JsonNode millis = info == null ? null : info.get(field);
        return millis != null && millis.canConvertToLong() ? Instant.ofEpochMilli(millis.longValue()) : null;
    }

    private static List<Resource> resources(JsonNode finding) {
        List<Resource> resources = new ArrayList<>(2);
        for (JsonNode resource : JsonFields.elements(finding, "resources")) {
            if (!resource.isObject()) {
                continue;
            }
            String type = JsonFields.text(resource, "type");
            String uid = JsonFields.text(resource, "uid");
            String uidAlt = JsonFields.text(resource, "uid_alt");
            String id = AwsArn.parse(uidAlt) != null || uid == null ? uidAlt : uid;
            Ec2InstanceDetails ec2 = "AWS::EC2::Instance".equals(type)
                    ? ContainmentDetails.ec2Instance(id, null, null, List.of(), List.of()) : null;
            EcsTaskDetails ecs = "AWS::ECS::Task".equals(type)
                    ? ContainmentDetails.ecsTask(id, null, null, null, null) : null;
            resources.add(new Resource(type, id, JsonFields.text(resource, "region"), tags(resource), ec2, ecs));
        }
        return resources;
    }

    private static Map<String, String> tags(JsonNode resource) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : JsonFields.elements(resource, "tags")) {
            String name = JsonFields.text(tag, "name");
            if (name != null) {
                String value = JsonFields.text(tag, "value");
                tags.put(name, value != null ? value : "");
            }
        }
        return tags;
    }

    private static List<RemoteAddress> remoteAddresses(JsonNode finding) {
        RemoteAddressCollector collected = new RemoteAddressCollector();
        int index = 0;
        for (JsonNode evidence : JsonFields.elements(finding, "evidences")) {
            String prefix = "evidences[" + index++ + "].";
            String source = JsonFields.text(JsonFields.object(evidence, "src_endpoint"), "ip");
            String destination = JsonFields.text(JsonFields.object(evidence, "dst_endpoint"), "ip");
            Integer direction = integer(JsonFields.object(evidence, "connection_info"), "direction_id");
            if (direction != null && direction == DIRECTION_INBOUND) {
                collected.add(source, Direction.INBOUND, prefix + "src_endpoint.ip");
            } else if (direction != null && direction == DIRECTION_OUTBOUND) {
                collected.add(destination, Direction.OUTBOUND, prefix + "dst_endpoint.ip");
            } else {
                collected.add(source, Direction.UNKNOWN, prefix + "src_endpoint.ip");
                collected.add(destination, Direction.UNKNOWN, prefix + "dst_endpoint.ip");
            }
        }
        return collected.addresses();
    }

    private static ResourceRole resourceRole(JsonNode finding) {
        for (JsonNode resource : JsonFields.elements(finding, "resources")) {
            String role = JsonFields.text(resource, "role");
            if ("actor".equalsIgnoreCase(role)) {
                return ResourceRole.ACTOR;
            }
            if ("target".equalsIgnoreCase(role)) {
                return ResourceRole.TARGET;
            }
        }
        return ResourceRole.UNKNOWN;
    }

    private static Integer integer(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.valueOf(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
