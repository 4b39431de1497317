package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingLinksTest {

    private static Finding finding(FindingSchema schema, String id, String productArn, String region) {
        return new Finding(schema, id, productArn, null, null, "123456789012", region, List.of(), Severity.HIGH,
                null, "ACTIVE", "NEW", "t", "d", null, null, null, List.of(), List.of(), ResourceRole.UNKNOWN,
                Map.of(), schema == FindingSchema.OCSF ? "meta-1" : null);
    }

    @Test
    void linksAnAsffFindingByItsTwiceEncodedId() {
        String url = FindingLinks.consoleUrl(finding(FindingSchema.ASFF, TestFindings.GUARDDUTY_ID,
                TestFindings.GUARDDUTY_PRODUCT, "us-east-1"));

        assertThat(url).isEqualTo("https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1"
                + "#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A"
                + "arn%253Aaws%253Aguardduty%253Aus-east-1%253A193043430472%253Adetector%252F"
                + "d4b040365221be2b54a6264dc9a4bc7c%252Ffinding%252F46ba0ac2b0cd1e0ab6c6e2f8f6a8d0f3");
    }

    @Test
    void linksAnOcsfFindingInTheV2Console() {
        String url = FindingLinks.consoleUrl(finding(FindingSchema.OCSF, "uid 1", "arn:aws:securityhub:eu-west-1::"
                + "productv2/aws/guardduty", "eu-west-1"));

        assertThat(url).isEqualTo("https://eu-west-1.console.aws.amazon.com/securityhub/v2/home?region=eu-west-1"
                + "#/findings?search=finding_info.uid%3D%255Coperator%255C%253AEQUALS%255C%253Auid%25201");
    }

    @Test
    void neverLetsTheFindingChooseTheHost() {
        String url = FindingLinks.consoleUrl(finding(FindingSchema.ASFF, "x",
                "arn:aws:securityhub:evil.example/#::product/x", "evil.example/#"));

        assertThat(url).startsWith("https://console.aws.amazon.com/securityhub/home#/findings?search=Id");
    }

    @Test
    void usesThePartitionsConsole() {
        assertThat(FindingLinks.consoleUrl(finding(FindingSchema.ASFF, "x",
                "arn:aws-us-gov:securityhub:us-gov-west-1::product/aws/guardduty", null)))
                .startsWith("https://us-gov-west-1.console.amazonaws-us-gov.com/securityhub/home?region=us-gov-west-1#");
        assertThat(FindingLinks.consoleUrl(finding(FindingSchema.ASFF, "x",
                "arn:aws-cn:securityhub:cn-north-1::product/aws/guardduty", "cn-north-1")))
                .startsWith("https://cn-north-1.console.amazonaws.cn/securityhub/home?region=cn-north-1#");
    }
}
