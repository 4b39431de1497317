package dev.hubresponder.finding;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Links into the Security Hub console, for alerts, digests and tickets.
 *
 * <p>An ASFF finding links to the findings page filtered on its id: the console reads the filter from the URL
 * fragment {@code search=Id=\operator\:EQUALS\:<id>}, URL-encoded twice. OCSF findings live in the Security Hub
 * (v2) console, whose finding links are not documented; they link to its home page in the finding's region.
 * The console host follows the partition of the product ARN (aws, aws-us-gov, aws-cn).
 *
 * <p>The region and partition come from the finding, that is from the producer: a region is used only when it has
 * the shape of one ({@code eu-west-1}), first the finding's {@code Region}, then the product ARN's; without one the
 * link goes to the partition's global console host. So a hostile region ({@code evil.example/#}, a line break)
 * can neither point the link at another host nor add lines to the message it is in.
 */
public final class ConsoleLink {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private ConsoleLink() {
    }

    /** A link that opens this finding (ASFF) or the console it is in (OCSF). */
    public static String forFinding(Finding finding) {
        String region = regionOf(finding);
        String base = host(partitionOf(finding.productArn()), region);
        String query = region == null ? "" : "?region=" + region;
        if (finding.schema() == FindingSchema.OCSF) {
            return base + "/securityhub/v2/home" + query;
        }
        String search = encode("Id=" + encode("\\operator\\:EQUALS\\:" + finding.id()));
        return base + "/securityhub/home" + query + "#/findings?search=" + search;
    }

    /** The findings page of a region's console, in the commercial partition; the global host for no region. */
    public static String findingsPage(String region) {
        String valid = isRegion(region) ? region : null;
        return host("aws", valid) + "/securityhub/home" + (valid == null ? "" : "?region=" + valid) + "#/findings";
    }

    /**
     * The finding's region when it has the shape of a region name, else the product ARN's when that does; null
     * when neither does.
     */
    public static String regionOf(Finding finding) {
        if (isRegion(finding.region())) {
            return finding.region();
        }
        String[] arn = finding.productArn() == null ? new String[0] : finding.productArn().split(":", 5);
        return arn.length == 5 && isRegion(arn[3]) ? arn[3] : null;
    }

    /** True when the text has the shape of an AWS region name ({@code us-east-1}, {@code us-gov-west-1}). */
    public static boolean isRegion(String text) {
        return text != null && REGION.matcher(text).matches();
    }

    private static String partitionOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 3);
        return parts.length == 3 ? parts[1] : "aws";
    }

    private static String host(String partition, String region) {
        String base = switch (partition) {
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            case "aws-cn" -> "console.amazonaws.cn";
            default -> "console.aws.amazon.com";
        };
        return "https://" + (region == null || !"aws".equals(partition) ? "" : region + ".") + base;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
