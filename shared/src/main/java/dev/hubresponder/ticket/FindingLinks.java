package dev.hubresponder.ticket;

import dev.hubresponder.finding.ConsoleLink;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links to a finding in the Security Hub console.
 *
 * <p>The console keeps its filter in the URL fragment, itself URL-encoded once more:
 * {@code #/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A<id>} decodes to
 * {@code Id=\operator\:EQUALS\:<id>}, so the id is encoded twice ({@code :} → {@code %253A}). Findings in OCSF
 * (Security Hub "v2") open in the v2 console, filtered on {@code finding_info.uid}.
 *
 * <p>The region and partition come from the finding, that is from the producer: they are used only when they look
 * like a region and a known partition, so that a hostile finding cannot point the link at another host.
 */
public final class FindingLinks {
    private static final String FILTER = "%3D%255Coperator%255C%253AEQUALS%255C%253A";

    private FindingLinks() {
    }

    /** The finding in the Security Hub console of its region. */
    public static String consoleUrl(Finding finding) {
        String region = ConsoleLink.regionOf(finding);
        String host = consoleHost(partitionOf(finding.productArn()), region);
        String query = region == null ? "" : "?region=" + region;
        String encodedId = encode(encode(finding.id()));
        if (finding.schema() == FindingSchema.OCSF) {
            return "https://" + host + "/securityhub/v2/home" + query + "#/findings?search=finding_info.uid"
                    + FILTER + encodedId;
        }
        return "https://" + host + "/securityhub/home" + query + "#/findings?search=Id" + FILTER + encodedId;
    }

    private static String partitionOf(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length == 3 ? parts[1] : "aws";
    }

    private static String consoleHost(String partition, String region) {
        String base = switch (partition) {
            case "aws-cn" -> "console.amazonaws.cn";
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            default -> "console.aws.amazon.com";
        };
        return region == null ? base : region + "." + base;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
