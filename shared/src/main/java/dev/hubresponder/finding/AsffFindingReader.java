package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one ASFF finding (from {@code Security Hub Findings - Imported} and {@code - Custom Action} events) into a
 * {@link Finding}.
 *
 * <table>
 *   <caption>ASFF field → Finding</caption>
 *   <tr><th>Finding</th><th>ASFF</th></tr>
 *   <tr><td>id</td><td>{@code Id} (required)</td></tr>
 *   <tr><td>productArn</td><td>{@code ProductArn} (required, an ARN)</td></tr>
 *   <tr><td>productName, companyName</td><td>{@code ProductName}, {@code CompanyName}; else
 *       {@code ProductFields["aws/securityhub/ProductName"]} / {@code ["aws/securityhub/CompanyName"]}</td></tr>
 *   <tr><td>accountId</td><td>{@code AwsAccountId} (required, 12 digits)</td></tr>
 *   <tr><td>region</td><td>{@code Region}; else the event's region</td></tr>
 *   <tr><td>types</td><td>{@code Types[]}</td></tr>
 *   <tr><td>severity</td><td>{@code Severity.Label}; when absent, from {@code Severity.Normalized}: 0 INFORMATIONAL,
 *       1–39 LOW, 40–69 MEDIUM, 70–89 HIGH, 90–100 CRITICAL (required: one of the two, valid)</td></tr>
 *   <tr><td>normalizedScore</td><td>{@code Severity.Normalized}</td></tr>
 *   <tr><td>recordState</td><td>{@code RecordState}</td></tr>
 *   <tr><td>workflowStatus</td><td>{@code Workflow.Status}; else the deprecated {@code WorkflowState} (NEW → NEW,
 *       ASSIGNED/IN_PROGRESS → NOTIFIED, DEFERRED → SUPPRESSED, RESOLVED → RESOLVED)</td></tr>
 *   <tr><td>title, description</td><td>{@code Title}, {@code Description}</td></tr>
 *   <tr><td>createdAt, updatedAt, firstObservedAt</td><td>{@code CreatedAt}, {@code UpdatedAt},
 *       {@code FirstObservedAt} (ISO-8601; unreadable → null)</td></tr>
 *   <tr><td>resources</td><td>{@code Resources[]}: {@code Type}, {@code Id}, {@code Region}, {@code Tags};
 *       EC2 details for {@code AwsEc2Instance} ({@code Details.AwsEc2Instance}); ECS details for
 *       {@code AwsEcsTask} ({@code Details.AwsEcsTask}) and for {@code AwsEcsContainer}/{@code Container}
 *       resources that name a task ARN; credentials for {@code AwsIamAccessKey} and {@code AwsIamRole} (see
 *       {@link AsffCredentials})</td></tr>
 *   <tr><td>remoteAddresses</td><td>see {@link AsffRemoteAddresses}</td></tr>
 *   <tr><td>resourceRole</td><td>{@code ProductFields["aws/guardduty/service/resourceRole"]}</td></tr>
 *   <tr><td>userDefinedFields</td><td>{@code UserDefinedFields}</td></tr>
 *   <tr><td>sample</td><td>{@code Sample} true, or GuardDuty's
 *       {@code ProductFields["aws/guardduty/service/additionalInfo/sample"]} "true"</td></tr>
 *   <tr><td>attackSequence</td><td>{@code Detection.Sequence}: {@code Uid}, {@code Signals[]}, {@code Endpoints[]}
 *       (whose {@code Ip} also joins remoteAddresses, direction from {@code Connection.Direction}),
 *       {@code SequenceIndicators[].Key}</td></tr>
 * </table>
 */
final class AsffFindingReader {
    private static final String EC2_INSTANCE = "AwsEc2Instance";
    private static final String ECS_TASK = "AwsEcsTask";
    private static final int TASK_ARN_SEARCH_DEPTH = 4;

    private AsffFindingReader() {
    }

    static Finding read(JsonNode finding, String eventRegion) throws UnreadableFindingException {
        List<String> problems = new ArrayList<>(2);
        String id = required(finding, "Id", problems);
        String productArn = required(finding, "ProductArn", problems);
        if (productArn != null && AwsArn.parse(productArn) == null) {
            problems.add("ProductArn '" + productArn + "' is not an ARN");
        }
        String accountId = required(finding, "AwsAccountId", problems);
        if (accountId != null && !JsonFields.isAccountId(accountId)) {
            problems.add("AwsAccountId '" + accountId + "' is not a 12-digit account id");
        }
        JsonNode severityNode = JsonFields.object(finding, "Severity");
        Severity severity = severity(finding.get("Severity"), problems);
        List<String> wrongTypes = new ArrayList<>(0);
        wrongTypes(finding, wrongTypes);
        UnreadableFindingException.throwIfAny(id, problems, wrongTypes);

        Map<String, String> productFields = JsonFields.stringMap(finding, "ProductFields");
        String region = JsonFields.text(finding, "Region");
        AttackSequence sequence = attackSequence(JsonFields.object(JsonFields.object(finding, "Detection"),
                "Sequence"));
        List<RemoteAddress> addresses = AsffRemoteAddresses.read(finding, productFields);
        if (sequence != null) {
            addresses = withEndpoints(addresses, sequence);
        }
        return new Finding(FindingSchema.ASFF, id, productArn,
                orElse(JsonFields.text(finding, "ProductName"), productFields.get("aws/securityhub/ProductName")),
                orElse(JsonFields.text(finding, "CompanyName"), productFields.get("aws/securityhub/CompanyName")),
                accountId, region != null ? region : eventRegion,
                JsonFields.strings(finding, "Types"), severity, normalized(severityNode),
                JsonFields.text(finding, "RecordState"), workflowStatus(finding),
                JsonFields.text(finding, "Title"), JsonFields.text(finding, "Description"),
                JsonFields.instant(finding, "CreatedAt"), JsonFields.instant(finding, "UpdatedAt"),
                JsonFields.instant(finding, "FirstObservedAt"),
                resources(finding, accountId, productFields), addresses,
                AsffRemoteAddresses.resourceRole(productFields), JsonFields.stringMap(finding, "UserDefinedFields"), null, isSample(finding, productFields), sequence);
    }

    static final String GUARDDUTY_SAMPLE = "aws/guardduty/service/additionalInfo/sample";

    /** ASFF {@code Sample} (a boolean: any other type rejects the finding), or GuardDuty's flattened sample marker. */
    private static boolean isSample(JsonNode finding, Map<String, String> productFields) {
        JsonNode sample = finding.get("Sample");
        if (sample != null && sample.isBoolean() && sample.booleanValue()) {
            return true;
        }
        String flattened = productFields.get(GUARDDUTY_SAMPLE);
        return flattened != null && "true".equalsIgnoreCase(flattened.trim());
    }

    private static AttackSequence attackSequence(JsonNode sequence) {
        if (sequence == null) {
            return null;
        }
        List<AttackSequence.Signal> signals = new ArrayList<>();
        for (JsonNode signal : JsonFields.elements(sequence, "Signals")) {
            String name = JsonFields.text(signal, "Name");
            signals.add(new AttackSequence.Signal(JsonFields.text(signal, "Type"),
                    name != null ? name : JsonFields.text(signal, "Title"), number(signal.get("Severity")),
                    signal.path("Count").isIntegralNumber() ? signal.get("Count").intValue() : null,
                    JsonFields.strings(signal, "ResourceIds")));
        }
        List<AttackSequence.Endpoint> endpoints = new ArrayList<>();
        for (JsonNode endpoint : JsonFields.elements(sequence, "Endpoints")) {
            endpoints.add(new AttackSequence.Endpoint(JsonFields.text(endpoint, "Ip"),
                    JsonFields.text(endpoint, "Domain"),
                    endpoint.path("Port").isIntegralNumber() ? endpoint.get("Port").intValue() : null,
                    AsffRemoteAddresses.direction(JsonFields.text(JsonFields.object(endpoint, "Connection"),
                            "Direction"))));
        }
        List<String> indicators = new ArrayList<>();
        for (JsonNode indicator : JsonFields.elements(sequence, "SequenceIndicators")) {
            String key = JsonFields.text(indicator, "Key");
            if (key != null && !indicators.contains(key)) {
                indicators.add(key);
            }
        }
        return new AttackSequence(JsonFields.text(sequence, "Uid"), signals, endpoints, indicators);
    }

    /** The finding's addresses and then the sequence's endpoint addresses, each address once per direction. */
    private static List<RemoteAddress> withEndpoints(List<RemoteAddress> addresses, AttackSequence sequence) {
        RemoteAddressCollector collected = new RemoteAddressCollector();
        addresses.forEach(a -> collected.add(a.text(), a.direction(), a.field()));
        int index = 0;
        for (AttackSequence.Endpoint endpoint : sequence.endpoints()) {
            collected.add(endpoint.ip(), endpoint.direction(), "Detection.Sequence.Endpoints[" + index + "].Ip");
            index++;
        }
        return collected.addresses();
    }

    private static Double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.valueOf(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Severity from AWS's normalized score, as Security Hub derives the label: 0 is INFORMATIONAL. */
    static Severity fromNormalized(double score) {
        if (score == 0) {
            return Severity.INFORMATIONAL;
        }
        if (score < 40) {
            return Severity.LOW;
        }
        if (score < 70) {
            return Severity.MEDIUM;
        }
        return score < 90 ? Severity.HIGH : Severity.CRITICAL;
    }

    private static String required(JsonNode finding, String field, List<String> problems) {
        JsonNode node = finding.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add(field + " is " + JsonFields.describe(node) + ", expected a string");
            return null;
        }
        String value = JsonFields.scalar(node);
        if (value == null || value.isBlank()) {
            problems.add("missing " + field);
            return null;
        }
        return value;
    }

    /**
     * The fields a decision or a message reads must have ASFF's types when present. Security Hub checks them on
     * import, so a finding with a number where ASFF has a string did not come from it as it is: rather than read
     * the field as absent (and decide on the rest), the finding is rejected, naming the field.
     */
    private static void wrongTypes(JsonNode finding, List<String> problems) {
        for (String field : List.of("Region", "RecordState", "WorkflowState", "Title", "Description", "ProductName",
                "CompanyName", "CreatedAt", "UpdatedAt", "FirstObservedAt")) {
            JsonFields.expectString(finding, field, field, problems);
        }
        JsonFields.expectStrings(finding, "Types", "Types", problems);
        JsonFields.expectStringMap(finding, "ProductFields", "ProductFields", problems);
        JsonFields.expectStringMap(finding, "UserDefinedFields", "UserDefinedFields", problems);
        if (JsonFields.expectObject(finding, "Workflow", "Workflow", problems)) {
            JsonFields.expectString(finding.get("Workflow"), "Status", "Workflow.Status", problems);
        }
        if (finding.get("Severity") != null && finding.get("Severity").isObject()) {
            JsonFields.expectString(finding.get("Severity"), "Label", "Severity.Label", problems);
        }
        JsonFields.expectBoolean(finding, "Sample", "Sample", problems);
        if (JsonFields.expectObject(finding, "Detection", "Detection", problems)
                && JsonFields.expectObject(finding.get("Detection"), "Sequence", "Detection.Sequence", problems)) {
            sequenceWrongTypes(finding.get("Detection").get("Sequence"), problems);
        }
        JsonFields.eachObject(finding, "Resources", "Resources", problems, (resource, at) -> {
            for (String field : List.of("Type", "Id", "Region", "Partition")) {
                JsonFields.expectString(resource, field, at + "." + field, problems);
            }
            JsonFields.expectStringMap(resource, "Tags", at + ".Tags", problems);
            if (JsonFields.expectObject(resource, "Details", at + ".Details", problems)) {
                credentialsWrongTypes(resource.get("Details"), at + ".Details", problems);
            }
        });
    }

    /**
     * The key, principal and session issuer of an IAM finding decide whose credentials are revoked: a field of them
     * with another type than ASFF's rejects the finding, rather than reading as "no principal named".
     */
    private static void credentialsWrongTypes(JsonNode details, String at, List<String> problems) {
        if (JsonFields.expectObject(details, "AwsIamAccessKey", at + ".AwsIamAccessKey", problems)) {
            JsonNode key = details.get("AwsIamAccessKey");
            String path = at + ".AwsIamAccessKey";
            for (String field : List.of("AccessKeyId", "PrincipalType", "PrincipalName", "UserName", "PrincipalId",
                    "AccountId")) {
                JsonFields.expectString(key, field, path + "." + field, problems);
            }
            if (JsonFields.expectObject(key, "SessionContext", path + ".SessionContext", problems)
                    && JsonFields.expectObject(key.get("SessionContext"), "SessionIssuer",
                    path + ".SessionContext.SessionIssuer", problems)) {
                JsonNode issuer = key.get("SessionContext").get("SessionIssuer");
                for (String field : List.of("Type", "PrincipalId", "Arn", "AccountId", "UserName")) {
                    JsonFields.expectString(issuer, field, path + ".SessionContext.SessionIssuer." + field,
                            problems);
                }
            }
        }
        if (JsonFields.expectObject(details, "AwsIamRole", at + ".AwsIamRole", problems)) {
            JsonFields.expectString(details.get("AwsIamRole"), "Path", at + ".AwsIamRole.Path", problems);
        }
    }

    /**
     * An attack sequence decides what is contained and which endpoints are blocked: a field of it that the responder
     * reads with another type than ASFF's rejects the finding, rather than reading as no endpoint or no direction.
     */
    private static void sequenceWrongTypes(JsonNode sequence, List<String> problems) {
        String at = "Detection.Sequence";
        JsonFields.expectString(sequence, "Uid", at + ".Uid", problems);
        JsonFields.eachObject(sequence, "Signals", at + ".Signals", problems, (signal, path) -> {
            for (String field : List.of("Type", "Name", "Title")) {
                JsonFields.expectString(signal, field, path + "." + field, problems);
            }
            JsonFields.expectNumber(signal, "Severity", path + ".Severity", problems);
            JsonFields.expectNumber(signal, "Count", path + ".Count", problems);
            JsonFields.expectStrings(signal, "ResourceIds", path + ".ResourceIds", problems);
        });
        JsonFields.eachObject(sequence, "Endpoints", at + ".Endpoints", problems, (endpoint, path) -> {
            JsonFields.expectString(endpoint, "Ip", path + ".Ip", problems);
            JsonFields.expectString(endpoint, "Domain", path + ".Domain", problems);
            JsonFields.expectNumber(endpoint, "Port", path + ".Port", problems);
            if (JsonFields.expectObject(endpoint, "Connection", path + ".Connection", problems)) {
                JsonFields.expectString(endpoint.get("Connection"), "Direction", path + ".Connection.Direction",
                        problems);
            }
        });
        JsonFields.eachObject(sequence, "SequenceIndicators", at + ".SequenceIndicators", problems,
                (indicator, path) -> JsonFields.expectString(indicator, "Key", path + ".Key", problems));
    }

    private static Severity severity(JsonNode severity, List<String> problems) {
        if (severity == null || severity.isNull()) {
            problems.add("missing Severity");
            return null;
        }
        if (!severity.isObject()) {
            problems.add("Severity is " + JsonFields.describe(severity) + ", expected an object");
            return null;
        }
        String label = JsonFields.text(severity, "Label");
        if (label != null && !label.isBlank()) {
            Optional<Severity> parsed = Severity.fromLabel(label);
            if (parsed.isEmpty()) {
                problems.add("Severity.Label '" + label + "' is not a severity label");
            }
            return parsed.orElse(null);
        }
        JsonNode normalizedNode = severity.get("Normalized");
        Double score = normalized(severity);
        if (score == null) {
            problems.add(normalizedNode == null || normalizedNode.isNull()
                    ? "Severity has neither Label nor Normalized"
                    : "Severity.Normalized '" + normalizedNode.asText() + "' is not a number");
            return null;
        }
        if (score.isNaN() || score < 0 || score > 100) {
            problems.add("Severity.Normalized " + normalizedNode.asText() + " is outside 0-100");
            return null;
        }
        return fromNormalized(score);
    }

    private static Double normalized(JsonNode severity) {
        return number(severity == null ? null : severity.get("Normalized"));
    }

    private static String workflowStatus(JsonNode finding) {
        String status = JsonFields.text(JsonFields.object(finding, "Workflow"), "Status");
        if (status != null) {
            return status;
        }
        String legacy = JsonFields.text(finding, "WorkflowState");
        if (legacy == null) {
            return null;
        }
        return switch (legacy) {
            case "ASSIGNED", "IN_PROGRESS" -> "NOTIFIED";
            case "DEFERRED" -> "SUPPRESSED";
            default -> legacy;
        };
    }

    private static List<Resource> resources(JsonNode finding, String accountId, Map<String, String> productFields) {
        Map<String, EcsTaskDetails> tasksByArn = new HashMap<>();
        for (JsonNode resource : JsonFields.elements(finding, "Resources")) {
            if (ECS_TASK.equals(JsonFields.text(resource, "Type"))) {
                EcsTaskDetails task = ecsTask(JsonFields.text(resource, "Id"), JsonFields.object(resource, "Details"));
                if (task != null) {
                    tasksByArn.put(task.taskArn(), task);
                }
            }
        }
        List<Resource> resources = new ArrayList<>(2);
        for (JsonNode resource : JsonFields.elements(finding, "Resources")) {
            if (!resource.isObject()) {
                continue;
            }
            String type = JsonFields.text(resource, "Type");
            String id = JsonFields.text(resource, "Id");
            JsonNode details = JsonFields.object(resource, "Details");
            Ec2InstanceDetails ec2 = EC2_INSTANCE.equals(type) ? ec2Instance(id, details) : null;
            EcsTaskDetails ecs = ECS_TASK.equals(type) ? tasksByArn.get(id)
                    : isContainer(type) ? containerTask(id, details, tasksByArn) : null;
            resources.add(new Resource(type, id, JsonFields.text(resource, "Region"),
                    JsonFields.stringMap(resource, "Tags"), ec2, ecs,
                    AsffCredentials.read(finding, type, id, resource, accountId, productFields)));
        }
        return resources;
    }

    private static boolean isContainer(String type) {
        return "AwsEcsContainer".equals(type) || "Container".equals(type);
    }

    private static Ec2InstanceDetails ec2Instance(String id, JsonNode details) {
        JsonNode instance = JsonFields.object(details, EC2_INSTANCE);
        List<String> eniIds = new ArrayList<>(2);
        for (JsonNode eni : JsonFields.elements(instance, "NetworkInterfaces")) {
            String eniId = JsonFields.text(eni, "NetworkInterfaceId");
            if (eniId != null) {
                eniIds.add(eniId);
            }
        }
        return ContainmentDetails.ec2Instance(id, JsonFields.text(instance, "VpcId"),
                JsonFields.text(instance, "SubnetId"), eniIds, JsonFields.strings(instance, "IpV4Addresses"));
    }

    private static EcsTaskDetails ecsTask(String id, JsonNode details) {
        JsonNode task = JsonFields.object(details, ECS_TASK);
        return ContainmentDetails.ecsTask(id, JsonFields.text(task, "ClusterArn"),
                JsonFields.text(task, "TaskDefinitionArn"), JsonFields.text(task, "Group"),
                JsonFields.text(task, "StartedBy"));
    }

    /**
     * The task of a container resource: its own id when that is a task ARN, else the first task ARN found in its
     * details. Task resources of the same finding with that ARN lend their cluster, definition and group.
     */
    private static EcsTaskDetails containerTask(String id, JsonNode details, Map<String, EcsTaskDetails> tasks) {
        String taskArn = isTaskArn(id) ? id : findTaskArn(details, 0);
        if (taskArn == null) {
            return null;
        }
        EcsTaskDetails known = tasks.get(taskArn);
        return known != null ? known : ContainmentDetails.ecsTask(taskArn, null, null, null, null);
    }

    private static String findTaskArn(JsonNode node, int depth) {
        if (node == null || depth > TASK_ARN_SEARCH_DEPTH) {
            return null;
        }
        if (node.isTextual()) {
            return isTaskArn(node.asText()) ? node.asText() : null;
        }
        for (JsonNode child : node) {
            String found = findTaskArn(child, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean isTaskArn(String text) {
        AwsArn arn = AwsArn.parse(text);
        return arn != null && arn.isEcsTask();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
