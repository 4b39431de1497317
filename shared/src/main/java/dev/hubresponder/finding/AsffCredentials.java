package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the credentials of an ASFF resource: {@code AwsIamAccessKey} ({@code Details.AwsIamAccessKey}:
 * {@code AccessKeyId}, {@code PrincipalId}, {@code PrincipalName}, {@code PrincipalType}, the deprecated
 * {@code UserName}, {@code AccountId}, {@code SessionContext.SessionIssuer.{Arn, UserName, Type, AccountId}}) and
 * {@code AwsIamRole} ({@code Id} = the role ARN, {@code Details.AwsIamRole.{RoleName, Path}}).
 *
 * <p>GuardDuty fills the access key resource from its own {@code resource.accessKeyDetails} ({@code accessKeyId},
 * {@code principalId}, {@code userName}, {@code userType} = {@code IAMUser}, {@code AssumedRole}, {@code Root}, …):
 * the resource's {@code Id} is {@code AWS::IAM::AccessKey:<key id>}, not an ARN, and for an assumed role the
 * principal name is the role's name. Where the typed details lack a field, the flattened
 * {@code ProductFields["aws/guardduty/resource/accessKeyDetails/…"]} (or {@code resource/accessKeyDetails/…}) are
 * read instead.
 */
final class AsffCredentials {
    static final String ACCESS_KEY = "AwsIamAccessKey";
    static final String ROLE = "AwsIamRole";
    private static final String ID_PREFIX = "AWS::IAM::AccessKey:";
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,124}");
    private static final String[] FLATTENED = {"aws/guardduty/resource/accessKeyDetails/",
            "resource/accessKeyDetails/"};

    private AsffCredentials() {
    }

    /** The credentials of a resource, or null when it is neither an access key nor a role. */
    static CredentialDetails read(JsonNode finding, String type, String id, JsonNode resource,
                                  String findingAccount, Map<String, String> productFields) {
        CredentialDetails read = ACCESS_KEY.equals(type) ? accessKey(id, resource, findingAccount, productFields)
                : ROLE.equals(type) ? role(id, resource, findingAccount) : null;
        if (read == null) {
            return null;
        }
        return new CredentialDetails(read.kind(), read.accessKeyId(), read.principalType(), read.principalId(),
                read.userName(), read.roleName(), read.roleArn(), read.rolePath(), read.accountId(),
                apiCalls(finding, productFields));
    }

    /**
     * The API call the finding saw, as {@code service:api}: typed {@code Action.AwsApiCallAction.{ServiceName, Api}},
     * else GuardDuty's flattened {@code aws/guardduty/service/action/awsApiCallAction/{serviceName, api}}.
     */
    private static List<String> apiCalls(JsonNode finding, Map<String, String> productFields) {
        List<String> calls = new ArrayList<>(1);
        JsonNode typed = JsonFields.object(JsonFields.object(finding, "Action"), "AwsApiCallAction");
        addCall(calls, JsonFields.text(typed, "ServiceName"), JsonFields.text(typed, "Api"));
        String flattened = AsffRemoteAddresses.GUARDDUTY_ACTION + "awsApiCallAction/";
        addCall(calls, productFields.get(flattened + "serviceName"), productFields.get(flattened + "api"));
        return calls;
    }

    private static void addCall(List<String> calls, String service, String api) {
        if (api == null || api.isBlank()) {
            return;
        }
        String call = (service == null || service.isBlank() ? "" : service.trim() + ":") + api.trim();
        if (!calls.contains(call)) {
            calls.add(call);
        }
    }

    private static CredentialDetails accessKey(String id, JsonNode resource, String findingAccount,
                                               Map<String, String> productFields) {
        JsonNode details = JsonFields.object(JsonFields.object(resource, "Details"), ACCESS_KEY);
        JsonNode issuer = JsonFields.object(JsonFields.object(details, "SessionContext"), "SessionIssuer");
        String keyId = first(JsonFields.text(details, "AccessKeyId"), keyIdOf(id),
                flattened(productFields, "accessKeyId"));
        String type = first(JsonFields.text(details, "PrincipalType"), flattened(productFields, "userType"));
        String name = first(JsonFields.text(details, "PrincipalName"), JsonFields.text(details, "UserName"),
                flattened(productFields, "userName"));
        String principalId = first(JsonFields.text(details, "PrincipalId"), flattened(productFields, "principalId"));
        String account = first(JsonFields.text(details, "AccountId"), JsonFields.text(issuer, "AccountId"),
                findingAccount);
        String partition = first(JsonFields.text(resource, "Partition"), "aws");
        String issuerType = JsonFields.text(issuer, "Type");
        RoleName issuerRole = RoleName.ofArn(JsonFields.text(issuer, "Arn"));

        String normalizedType = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        if (normalizedType.equals("ROOT") || (type == null && "Root".equalsIgnoreCase(name))) {
            return new CredentialDetails(CredentialDetails.Kind.ROOT, keyId, type, principalId, null, null, null,
                    null, account, List.of());
        }
        boolean roleSession = normalizedType.equals("ASSUMEDROLE") || normalizedType.equals("ROLE")
                || "Role".equalsIgnoreCase(issuerType) || (type == null && issuerRole != null);
        if (roleSession) {
            String roleName = issuerRole != null ? issuerRole.name()
                    : first(JsonFields.text(issuer, "UserName"), name);
            if (roleName == null || roleName.isBlank()) {
                return new CredentialDetails(CredentialDetails.Kind.OTHER, keyId, type, principalId, null, null,
                        null, null, account, List.of());
            }
            return new CredentialDetails(CredentialDetails.Kind.ROLE_SESSION, keyId, type, principalId, null,
                    roleName, "arn:" + partition + ":iam::" + account + ":role/" + roleName,
                    issuerRole == null ? null : issuerRole.path(), account, List.of());
        }
        boolean user = normalizedType.equals("IAMUSER") || type == null;
        if (user && keyId != null && keyId.startsWith("AKIA") && name != null && !name.isBlank()) {
            return new CredentialDetails(CredentialDetails.Kind.USER_KEY, keyId, type, principalId, name, null, null,
                    null, account, List.of());
        }
        return new CredentialDetails(CredentialDetails.Kind.OTHER, keyId, type, principalId,
                user ? name : null, null, null, null, account, List.of());
    }

    private static CredentialDetails role(String id, JsonNode resource, String findingAccount) {
        RoleName arn = RoleName.ofArn(id);
        if (arn == null) {
            return null;
        }
        JsonNode details = JsonFields.object(JsonFields.object(resource, "Details"), ROLE);
        String path = first(JsonFields.text(details, "Path"), arn.path());
        String account = first(arn.account(), findingAccount);
        return new CredentialDetails(CredentialDetails.Kind.ROLE_SESSION, null, "Role", null, null, arn.name(),
                "arn:" + arn.partition() + ":iam::" + account + ":role/" + arn.name(), path, account, List.of());
    }

    private static String keyIdOf(String id) {
        if (id == null) {
            return null;
        }
        String key = id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : id;
        return ACCESS_KEY_ID.matcher(key).matches() ? key : null;
    }

    private static String flattened(Map<String, String> productFields, String field) {
        for (String prefix : FLATTENED) {
            String value = productFields.get(prefix + field);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** A role ARN's parts: {@code arn:<partition>:iam::<account>:role<path><name>}. */
    private record RoleName(String partition, String account, String path, String name) {
        static RoleName ofArn(String text) {
            AwsArn arn = AwsArn.parse(text);
            if (arn == null || !"iam".equals(arn.service()) || !arn.resource().startsWith("role/")) {
                return null;
            }
            String rest = arn.resource().substring("role".length());
            int last = rest.lastIndexOf('/');
            String name = rest.substring(last + 1);
            return name.isEmpty() ? null : new RoleName(arn.partition(), arn.account(), rest.substring(0, last + 1),
                    name);
        }
    }
}
