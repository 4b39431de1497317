package dev.hubresponder.aws.waf;

import dev.hubresponder.config.ConfigurationException;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * One WAFv2 IP set, as its ARN names it: {@code arn:aws:wafv2:<region>:<account>:regional/ipset/<name>/<id>}, or
 * {@code …:global/ipset/…} for a CLOUDFRONT set (which lives in us-east-1).
 */
public record IpSetRef(String arn, String name, String id, Scope scope) {

    /** @throws ConfigurationException naming {@code variable} when the value is not an IP set ARN */
    public static IpSetRef fromArn(String arn, String variable) {
        String[] parts = arn == null ? new String[0] : arn.trim().split(":", 6);
        String[] resource = parts.length == 6 ? parts[5].split("/") : new String[0];
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"wafv2".equals(parts[2]) || resource.length != 4
                || !"ipset".equals(resource[1]) || resource[2].isEmpty() || resource[3].isEmpty()
                || !("regional".equals(resource[0]) || "global".equals(resource[0]))) {
            throw new ConfigurationException(variable + " must be a WAFv2 IP set ARN "
                    + "(arn:aws:wafv2:<region>:<account>:regional/ipset/<name>/<id>), was '" + arn + "'");
        }
        return new IpSetRef(arn.trim(), resource[2], resource[3],
                "global".equals(resource[0]) ? Scope.CLOUDFRONT : Scope.REGIONAL);
    }
}
