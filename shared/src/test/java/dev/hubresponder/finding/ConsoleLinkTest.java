package dev.hubresponder.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.fixtures.Findings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLinkTest {

    @Test
    void asffFindingLinksToTheFindingsPageFilteredOnItsId() {
        String link = ConsoleLink.forFinding(Findings.sshBruteForce(Severity.CRITICAL));

        assertThat(link).startsWith("https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1"
                + "#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A");
        String fragment = URI.create(link).getRawFragment();
        String once = URLDecoder.decode(fragment.substring(fragment.indexOf("search=") + 7), StandardCharsets.UTF_8);
        String twice = URLDecoder.decode(once, StandardCharsets.UTF_8);
        assertThat(twice).isEqualTo("Id=\\operator\\:EQUALS\\:" + Findings.GUARDDUTY_ID);
    }

    @Test
    void govCloudFindingLinksToTheGovCloudConsole() {
        Finding finding = new Finding(FindingSchema.ASFF, "id-1", "arn:aws-us-gov:securityhub:us-gov-west-1::product/x",
                null, null, "123456789012", "us-gov-west-1", java.util.List.of(), Severity.LOW, null, "ACTIVE", "NEW",
                "t", "d", null, null, null, java.util.List.of(), java.util.List.of(), ResourceRole.UNKNOWN,
                java.util.Map.of(), null);

        assertThat(ConsoleLink.forFinding(finding))
                .startsWith("https://console.amazonaws-us-gov.com/securityhub/home?region=us-gov-west-1#/findings");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"evil.example/#", "evil.example", "us-east-1.evil.example/#",
            "us-east-1\nInjected: line", "", "US-EAST-1"})
    void aRegionThatIsNotARegionNameFallsBackToTheProductArnsRegion(String region) {
        String link = ConsoleLink.forFinding(Findings.builder().region(region).build());

        assertThat(URI.create(link).getHost()).isEqualTo("us-east-1.console.aws.amazon.com");
        assertThat(link).startsWith("https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/");
    }

    @Test
    void withoutAnyRegionNameTheLinkGoesToTheGlobalConsole() {
        Finding finding = new Finding(FindingSchema.ASFF, "id-1", "arn:aws:securityhub:evil.example/#::product/x/y",
                null, null, "123456789012", "evil.example/#", java.util.List.of(), Severity.LOW, null, "ACTIVE",
                "NEW", "t", "d", null, null, null, java.util.List.of(), java.util.List.of(), ResourceRole.UNKNOWN,
                java.util.Map.of(), null);

        assertThat(ConsoleLink.forFinding(finding)).startsWith("https://console.aws.amazon.com/securityhub/home#/findings");
        assertThat(ConsoleLink.findingsPage("evil.example/#")).isEqualTo(
                "https://console.aws.amazon.com/securityhub/home#/findings");
    }
}
