package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.asff;
import static dev.hubresponder.finding.FindingJson.imported;
import static dev.hubresponder.finding.FindingJson.productField;
import static dev.hubresponder.finding.FindingJson.readEventFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The credentials of IAM findings: what revoking them means is decided from what intake reads here. */
class AsffCredentialsTest {
    private final FindingIntake intake = new FindingIntake(MAPPER);

    @Test
    void readsTheRoleSessionOfAnInstanceCredentialExfiltrationFromItsSessionIssuer() {
        CredentialDetails c = credentialsOf(readEventFile(
                "guardduty-iam-instance-credential-exfiltration-outside-aws-high.json").findings().get(0));

        assertThat(c).isEqualTo(new CredentialDetails(CredentialDetails.Kind.ROLE_SESSION, "ASIA5EXAMPLEQ7RSTUVW",
                "AssumedRole", "AROA5EXAMPLEROLEID01:i-0a1b2c3d4e5f60718", null, "web-app-instance-role",
                "arn:aws:iam::123456789012:role/web-app-instance-role", "/", "123456789012",
                List.of("s3.amazonaws.com:ListBuckets")));
        assertThat(c.target()).isEqualTo("arn:aws:iam::123456789012:role/web-app-instance-role");
        assertThat(c.refusal()).isNull();
    }

    @Test
    void readsAnIamUsersLongTermKey() {
        CredentialDetails c = credentialsOf(readEventFile("guardduty-iam-user-anomalous-behavior-medium.json")
                .findings().get(0));

        assertThat(c.kind()).isEqualTo(CredentialDetails.Kind.USER_KEY);
        assertThat(c.target()).isEqualTo("AKIA5EXAMPLEBUILDBOT");
        assertThat(c.userName()).isEqualTo("build-bot");
        assertThat(c.apiCalls()).containsExactly("secretsmanager.amazonaws.com:GetSecretValue");
    }

    @Test
    void takesTheKeyFromTheResourceIdAndThePrincipalFromGuardDutysFlattenedFieldsWhenDetailsAreMissing() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsIamAccessKey")
                .put("Id", "AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE");
        productField(finding, "aws/guardduty/resource/accessKeyDetails/userName", "alice");
        productField(finding, "aws/guardduty/resource/accessKeyDetails/userType", "IAMUser");
        productField(finding, "aws/guardduty/service/action/awsApiCallAction/api", "ListAccessKeys");
        productField(finding, "aws/guardduty/service/action/awsApiCallAction/serviceName", "iam.amazonaws.com");

        CredentialDetails c = credentialsOf(read(finding));

        assertThat(c.kind()).isEqualTo(CredentialDetails.Kind.USER_KEY);
        assertThat(c.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
        assertThat(c.userName()).isEqualTo("alice");
        assertThat(c.apiCalls()).containsExactly("iam.amazonaws.com:ListAccessKeys");
    }

    @Test
    void theRootUserIsNamedAndRefused() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsIamAccessKey")
                .put("Id", "AWS::IAM::AccessKey:ASIASBP34UWCXYDP5SM5").putObject("Details")
                .putObject("AwsIamAccessKey").put("UserName", "Root");

        CredentialDetails c = credentialsOf(read(finding));

        assertThat(c.kind()).isEqualTo(CredentialDetails.Kind.ROOT);
        assertThat(c.refusal()).startsWith("the credentials are the account root user's");
    }

    @Test
    void aServiceLinkedRoleIsRecognisedByItsPath() {
        ObjectNode finding = asff();
        ObjectNode details = finding.putArray("Resources").addObject().put("Type", "AwsIamAccessKey")
                .put("Id", "AWS::IAM::AccessKey:ASIA5EXAMPLEQ7RSTUVW").putObject("Details")
                .putObject("AwsIamAccessKey").put("PrincipalType", "AssumedRole")
                .put("PrincipalName", "AWSServiceRoleForECS");
        details.putObject("SessionContext").putObject("SessionIssuer").put("Type", "Role").put("Arn",
                "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS");

        CredentialDetails c = credentialsOf(read(finding));

        assertThat(c.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/AWSServiceRoleForECS");
        assertThat(c.isServiceLinkedRole()).isTrue();
        assertThat(c.refusal()).contains("is a service-linked role");
    }

    @Test
    void aUsersTemporaryKeyIsNeitherAUserKeyNorARoleSession() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsIamAccessKey")
                .put("Id", "AWS::IAM::AccessKey:ASIA5EXAMPLEQ7RSTUVW").putObject("Details")
                .putObject("AwsIamAccessKey").put("PrincipalType", "IAMUser").put("PrincipalName", "alice");

        CredentialDetails c = credentialsOf(read(finding));

        assertThat(c.kind()).isEqualTo(CredentialDetails.Kind.OTHER);
        assertThat(c.refusal()).contains("neither an IAM user's access key nor a role session");
    }

    @Test
    void aRoleResourceNamesTheRoleItsSessionsBelongTo() {
        ObjectNode finding = asff();
        finding.putArray("Resources").addObject().put("Type", "AwsIamRole")
                .put("Id", "arn:aws:iam::123456789012:role/teams/payments/batch");

        CredentialDetails c = credentialsOf(read(finding));

        assertThat(c.kind()).isEqualTo(CredentialDetails.Kind.ROLE_SESSION);
        assertThat(c.roleName()).isEqualTo("batch");
        assertThat(c.rolePath()).isEqualTo("/teams/payments/");
        assertThat(c.target()).isEqualTo("arn:aws:iam::123456789012:role/batch");
    }

    @Test
    void otherResourcesNameNoCredentials() {
        Finding finding = readEventFile("guardduty-ec2-c2-actor-high.json").findings().get(0);

        assertThat(finding.resources()).allSatisfy(r -> assertThat(r.credentials()).isNull());
    }

    private Finding read(ObjectNode finding) {
        return intake.read(FindingJson.bytes(imported(finding))).findings().get(0);
    }

    private static CredentialDetails credentialsOf(Finding finding) {
        return finding.resources().get(0).credentials();
    }
}
