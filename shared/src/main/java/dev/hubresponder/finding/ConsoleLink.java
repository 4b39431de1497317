package dev.hubresponder.finding;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links into the Security Hub console, for alerts, digests and tickets.
 *
 * <p>An ASFF finding links to the findings page filtered on its id: the console reads the filter from the URL
 * fragment {@code search=Id=\operator\:EQUALS\:<id>}, URL-encoded twice. OCSF findings live in the Security Hub
 * (v2) console, whose finding links are not documented; they link to its home page in the finding's region.
 * The console host follows the partition of the product ARN (aws, aws-us-gov, aws-cn).
 */
public final class ConsoleLink {
    private ConsoleLink() {
    }

    /** A link that opens this finding (ASFF) or the console it is in (OCSF). */
    public static String forFinding(Finding finding) {
        String region = regionOf(finding);
        String host = host(partitionOf(finding.productArn()), region);
        if (finding.schema() == FindingSchema.OCSF) {
            return host + "/securityhub/v2/home?region=" + region;
        }
        String search = encode("Id=" + encode("\\operator\\:EQUALS\\:" + finding.id()));
        return host + "/securityhub/home?region=" + region + "#/findings?search=" + search;
    }

    /** The findings page of a region's console, in the commercial partition. */
    public static String findingsPage(String region) {
        return host("aws", region) + "/securityhub/home?region=" + region + "#/findings";
    }

    private static String regionOf(Finding finding) {
        if (finding.region() != null && !finding.region().isBlank()) {
            return finding.region();
        }
        String[] arn = finding.productArn().split(":", 5);
        return arn.length > 3 && !arn[3].isBlank() ? arn[3] : "us-east-1";
    }

    private static String partitionOf(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length > 1 ? parts[1] : "aws";
    }

    private static String host(String partition, String region) {
        return switch (partition) {
            case "aws-us-gov" -> "https://console.amazonaws-us-gov.com";
            case "aws-cn" -> "https://console.amazonaws.cn";
            default -> "https://" + region + ".console.aws.amazon.com";
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
