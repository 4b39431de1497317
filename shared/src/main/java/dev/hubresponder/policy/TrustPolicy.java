package dev.hubresponder.policy;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Finding;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a finding's producer may cause containment. Trust rests on the product ARN, which Security Hub
 * checks on import, never on {@code ProductName} or {@code CompanyName}, which any importer can set: a finding
 * imported under the account's own {@code product/<account>/default} ARN is never trusted, whatever it says it is.
 */
public final class TrustPolicy {
    private static final Pattern PRODUCT_ARN =
            Pattern.compile("^arn:[a-z-]+:securityhub:[a-z0-9-]*:(\\d{12})?:product/([^/]+)/([^/]+)$");

    private final List<String> trustedProducts;

    public TrustPolicy(ResponderConfig config) {
        this.trustedProducts = config.trustedProducts();
    }

    /**
     * Who produced the finding, for people to read in tickets and alerts: the producer the product ARN names
     * ({@code company/product}, which Security Hub checks on import), never only the names the importer chose.
     * Those follow as what the finding calls itself; an untrusted producer is said to be one, in capitals, so that
     * a finding imported under the account's own product and named "GuardDuty (Amazon)" does not read as genuine.
     * The names are producer text: the caller cleans the result for its format.
     */
    public String describeProducer(Finding finding) {
        String producer = producer(finding.productArn()).orElse(finding.productArn());
        String names = finding.productName() == null || finding.productName().isBlank() ? ""
                : finding.productName() + (finding.companyName() == null || finding.companyName().isBlank() ? ""
                : ", " + finding.companyName());
        Optional<String> distrust = distrust(finding);
        if (distrust.isEmpty()) {
            return producer + (names.isEmpty() ? "" : " (" + names + ")");
        }
        return producer + " — NOT A TRUSTED PRODUCER" + (names.isEmpty() ? "" : ", whatever it calls itself ("
                + names + ")") + ": " + distrust.get();
    }

    /**
     * The producer as {@code company/product} from a Security Hub product ARN ({@code aws/guardduty}), or empty when
     * the ARN is not a product ARN. A finding imported under the account's own default product ARN yields
     * {@code <account>/default}, which names no real producer.
     */
    public static Optional<String> producer(String productArn) {
        Matcher m = PRODUCT_ARN.matcher(productArn == null ? "" : productArn);
        return m.matches() ? Optional.of(m.group(2) + "/" + m.group(3)) : Optional.empty();
    }

    /**
     * True when the product ARN is an AWS service's own integration ({@code arn:<partition>:securityhub:<region>::
     * product/aws/<service>}, no account): the service itself imports those findings, and no account can import
     * under such an ARN, since {@code BatchImportFindings} takes only the caller's own default product ARN or a
     * partner product's. Such a producer is genuine even when it is not trusted to cause containment.
     */
    public static boolean isAwsService(String productArn) {
        Matcher m = PRODUCT_ARN.matcher(productArn == null ? "" : productArn);
        return m.matches() && m.group(1) == null && "aws".equals(m.group(2));
    }

    /** Empty when the producer is trusted; otherwise the reason it is not. */
    public Optional<String> distrust(Finding finding) {
        String arn = finding.productArn();
        Matcher m = PRODUCT_ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.of("product ARN '" + arn + "' is not a Security Hub product ARN");
        }
        String account = m.group(1);
        String company = m.group(2);
        String product = m.group(3);
        if (account != null && account.equals(company)) {
            return Optional.of("imported under the account's own product ARN " + arn + " (ProductName says '"
                    + finding.productName() + "'); only trusted producers may cause containment");
        }
        if ("aws".equals(company) && account != null) {
            return Optional.of("product ARN " + arn + " names an AWS service with an account (" + account
                    + "); AWS services' product ARNs have none, so no genuine finding carries it");
        }
        String companyProduct = company + "/" + product;
        for (String trusted : trustedProducts) {
            if (trusted.startsWith("arn:") ? trusted.equals(arn) : trusted.equals(companyProduct)) {
                return Optional.empty();
            }
        }
        return Optional.of("producer " + companyProduct + " is not in RESPONDER_TRUSTED_PRODUCTS "
                + trustedProducts);
    }
}
