package dev.hubresponder.ticket;

import dev.hubresponder.containment.credentials.RevocationGuidance;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.Refusal;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes what a ticket says about a finding: the finding's facts, what the responder did and refused (from the
 * ledger, plus the policy's refusals that no stage recorded), stages that failed, and the console link.
 *
 * <p>Everything taken from the finding is cleaned with {@link UntrustedText} and cut: values to 300 characters,
 * lists to 20 items, the description to 4,000 characters. That keeps every provider's ticket within its limits
 * whatever a producer sends (a 10 KB title, 500 resources).
 */
public final class TicketComposer {
    static final int MAX_VALUE_CHARS = 300;
    static final int MAX_ID_CHARS = 1_000;
    static final int MAX_ITEMS = 20;
    static final int MAX_DESCRIPTION_CHARS = 4_000;
    static final int MAX_TITLE_CHARS = 1_000;

    /** Ledger actions that are about telling people, not about the finding's resources: not listed as "done". */
    private static final Set<ResponseAction> NOTIFICATIONS = Set.of(ResponseAction.TICKET, ResponseAction.ALERT,
            ResponseAction.DIGEST_DAILY, ResponseAction.DIGEST_WEEKLY);

    private final TrustPolicy trust;

    /** @param trust says whether the finding's producer is trusted, so that the ticket can say when it is not */
    public TicketComposer(TrustPolicy trust) {
        this.trust = trust;
    }

    /**
     * @param decision        the policy's decision for the finding
     * @param history         the ledger's records for the finding ({@code ActionLedger.findByFinding})
     * @param failedStages    earlier stages that failed after their retries
     * @param dedupLabel      the label that ties the ticket to the finding
     * @param previousTickets keys of the finding's earlier, closed tickets
     */
    public TicketContent compose(Decision decision, List<LedgerEntry> history, List<String> failedStages,
                                 String dedupLabel, List<String> previousTickets) {
        Finding finding = decision.finding();
        List<TicketContent.Fact> facts = List.of(
                TicketContent.Fact.of("Finding id", line(finding.id(), MAX_ID_CHARS)),
                TicketContent.Fact.of("Account", line(finding.accountId())),
                TicketContent.Fact.of("Region", line(finding.region())),
                TicketContent.Fact.of("Product", product(finding)),
                TicketContent.Fact.of("Severity", severity(finding)),
                new TicketContent.Fact("Types", lines(finding.types().stream())),
                new TicketContent.Fact("Resources", lines(finding.resources().stream().map(TicketComposer::resource))),
                new TicketContent.Fact("Remote addresses",
                        lines(finding.remoteAddresses().stream().map(TicketComposer::address))),
                TicketContent.Fact.of("First observed",
                        finding.firstObservedAt() == null ? "" : finding.firstObservedAt().toString()),
                TicketContent.Fact.of("Responder's decision", line(decision.summary())));

        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (LedgerEntry entry : history) {
            if (NOTIFICATIONS.contains(entry.key().action())) {
                continue;
            }
            recorded.add(entry.key().action() + "|" + entry.key().target());
            String text = describe(entry.key(), entry.state(), entry.reason());
            (entry.state() == LedgerState.REFUSED ? refused : done).add(text);
            RevocationGuidance.of(entry).ifPresent(guidance -> done.add(line(guidance, MAX_ID_CHARS)));
        }
        for (Refusal refusal : decision.refused()) {
            String target = new ActionKey(finding.id(), refusal.action(), refusal.target()).target();
            if (!recorded.contains(refusal.action() + "|" + target)) {
                refused.add(describe(new ActionKey(finding.id(), refusal.action(), target), LedgerState.REFUSED,
                        refusal.reason()));
            }
        }
        failedStages.forEach(failure -> done.add(line("A response stage failed after its retries: " + failure)));

        return new TicketContent(finding.id(), finding.severity(),
                UntrustedText.oneLine(finding.title(), MAX_TITLE_CHARS, "(no title)"),
                UntrustedText.truncate(UntrustedText.multiLine(finding.description()), MAX_DESCRIPTION_CHARS),
                facts, cut(done), cut(refused), FindingLinks.consoleUrl(finding), dedupLabel, previousTickets);
    }

    private static String describe(ActionKey key, LedgerState state, String reason) {
        String action = key.action().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        String target = ActionKey.NO_TARGET.equals(key.target()) ? "" : " " + key.target();
        String what = switch (state) {
            case DONE -> "done";
            case SHADOW -> "shadow mode, recorded but nothing changed";
            case FAILED -> "failed";
            case RELEASED -> "done, since undone";
            case PLANNED -> "started, not finished";
            case REFUSED -> "refused";
        };
        String because = reason == null || reason.isBlank() ? "" : ": " + reason;
        return line(Character.toUpperCase(action.charAt(0)) + action.substring(1) + target + " — " + what + because);
    }

    private static String severity(Finding finding) {
        Double score = finding.normalizedScore();
        return finding.severity() + (score == null ? "" : " (" + score.intValue() + "/100)");
    }

    private String product(Finding finding) {
        return line(trust.describeProducer(finding));
    }

    private static String resource(Resource resource) {
        return (resource.type() == null ? "" : resource.type() + " ") + (resource.id() == null ? "" : resource.id());
    }

    private static String address(RemoteAddress address) {
        return address.text() + " (" + address.direction().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static List<String> lines(java.util.stream.Stream<String> values) {
        return cut(values.map(TicketComposer::line).filter(s -> !s.isEmpty()).toList());
    }

    private static List<String> cut(List<String> values) {
        if (values.size() <= MAX_ITEMS) {
            return values;
        }
        List<String> kept = new ArrayList<>(values.subList(0, MAX_ITEMS));
        kept.add("… and " + (values.size() - MAX_ITEMS) + " more");
        return kept;
    }

    private static String line(String text) {
        return line(text, MAX_VALUE_CHARS);
    }

    private static String line(String text, int max) {
        return UntrustedText.oneLine(text, max, "");
    }
}
