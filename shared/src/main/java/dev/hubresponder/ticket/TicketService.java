package dev.hubresponder.ticket;

import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Opens exactly one ticket per finding, however often the finding is delivered, and writes it back onto the
 * finding.
 *
 * <p>The ledger record {@code (findingId, TICKET, "-")} is the finding's ticket. It is claimed (state PLANNED, with
 * a lease) before the provider is called, and set to DONE with the ticket's key and URL after. Before creating, the
 * provider is always asked for a ticket with the finding's label, so that a delivery that died between "the
 * provider created it" and "the ledger recorded it" is completed by the next delivery without a second ticket.
 * While the lease runs, other deliveries of the same finding back off (retryable), so two concurrent deliveries
 * cannot both create; a lease outlives a crash only by its length (default 45 s), shorter than Lambda's first retry
 * (about a minute).
 *
 * <p>A finding that already has a ticket gets a new one only when re-opening is enabled, the finding is back in
 * workflow status NEW, and its ticket is closed at the provider: someone finished the work, and the finding came
 * back. The new ticket has its own label ({@code …-r2}) and names the old one.
 *
 * <p>Outcomes: permanent refusals (4xx other than 429) are recorded as FAILED and returned, so that the alert says
 * so; a later delivery of the finding tries again. Retryable failures release the lease and are thrown.
 */
public final class TicketService {
    /** Ledger artifacts of a ticket record. */
    public static final String TICKET_KEY = "ticketKey";
    public static final String TICKET_URL = "ticketUrl";
    public static final String TICKET_ID = "ticketId";
    public static final String PROVIDER = "provider";
    public static final String DEDUP_LABEL = "dedupLabel";
    public static final String EPISODE = "episode";
    public static final String PREVIOUS_TICKETS = "previousTickets";
    public static final String LEASE_UNTIL = "leaseUntil";
    /** Steps of a ticket record. */
    public static final String STEP_CREATED = "created";
    public static final String STEP_LINKED = "linked";

    private final TicketSystem tickets;
    private final ActionLedger ledger;
    private final TicketBacklink backlink;
    private final TicketComposer composer;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param reopen a closed ticket's finding that comes back (workflow NEW) gets a new ticket
     *               ({@code RESPONDER_TICKET_REOPENED})
     * @param lease  how long a delivery may take to open a ticket before another may take over
     */
    public record Settings(boolean reopen, Duration lease) {
        public Settings {
            Objects.requireNonNull(lease, "lease");
        }
    }

    public TicketService(TicketSystem tickets, ActionLedger ledger, TicketBacklink backlink, TicketComposer composer,
                         Settings settings, Clock clock) {
        this.tickets = Objects.requireNonNull(tickets, "tickets");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.backlink = Objects.requireNonNull(backlink, "backlink");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure the finding of a decision that asks for a ticket has exactly one.
     *
     * @param decision     a decision with a TICKET action
     * @param failedStages earlier stages that failed after retries, written into a new ticket
     * @throws RetryableTicketException when the provider or Security Hub cannot answer now, or another delivery is
     *                                  opening the ticket
     * @throws dev.hubresponder.ledger.ConcurrentLedgerUpdateException when another delivery changed the record
     */
    public TicketOutcome ticket(Decision decision, List<String> failedStages) {
        Finding finding = decision.finding();
        if (!tickets.opensTickets()) {
            return new TicketOutcome(finding.id(), TicketOutcome.Status.NOT_CONFIGURED, null, "");
        }
        boolean shadow = decision.actionsOf(ResponseAction.TICKET).stream().allMatch(PlannedAction::shadow);
        ActionKey key = new ActionKey(finding.id(), ResponseAction.TICKET, ActionKey.NO_TARGET);
        LedgerEntry entry = ledger.find(key).orElse(null);
        if (entry == null) {
            ActionLedger.Claim claim = ledger.claim(shadow ? shadowEntry(finding, key) : firstEntry(finding, key));
            if (claim.won()) {
                return shadow ? shadowOutcome(finding) : open(decision, claim.entry(), failedStages);
            }
            entry = claim.entry();
        }
        return resume(decision, entry, shadow, failedStages);
    }

    private TicketOutcome resume(Decision decision, LedgerEntry entry, boolean shadow, List<String> failedStages) {
        if (entry.state() == LedgerState.DONE) {
            return alreadyOpened(decision, entry, failedStages);
        }
        if (entry.state() == LedgerState.PLANNED) {
            Instant leaseUntil = leaseUntil(entry);
            if (leaseUntil != null && leaseUntil.isAfter(clock.instant())) {
                throw new RetryableTicketException("the ticket of finding " + entry.key().findingId()
                        + " is being opened by another delivery (lease until " + leaseUntil + ")");
            }
        }
        if (shadow) {
            return shadowOutcome(decision.finding());
        }
        return open(decision, takeOver(entry, episode(entry), previousTickets(entry)), failedStages);
    }

    private TicketOutcome alreadyOpened(Decision decision, LedgerEntry entry, List<String> failedStages) {
        Finding finding = decision.finding();
        TicketReference ticket = reference(entry);
        if (settings.reopen() && "NEW".equals(finding.workflowStatus())
                && tickets.status(ticket) == TicketStatus.CLOSED) {
            List<String> previous = new ArrayList<>(previousTickets(entry));
            previous.add(ticket.key());
            return open(decision, takeOver(entry, episode(entry) + 1, previous), failedStages);
        }
        if (!entry.hasCompleted(STEP_LINKED)) {
            linkBack(finding, entry, ticket);
        }
        return new TicketOutcome(finding.id(), TicketOutcome.Status.ALREADY_OPEN, ticket, "");
    }

    /** Finds or creates the ticket of a PLANNED record this delivery holds the lease of. */
    private TicketOutcome open(Decision decision, LedgerEntry planned, List<String> failedStages) {
        Finding finding = decision.finding();
        Settled settled;
        try {
            settled = findOrCreate(decision, planned, failedStages);
        } catch (RuntimeException failure) {
            // Whatever stopped this delivery, the next one should not wait for the lease: release it, then fail.
            releaseLease(planned, failure);
            throw failure;
        }
        if (settled.entry().state() == LedgerState.DONE) {
            linkBack(finding, settled.entry(), settled.outcome().ticket());
        }
        return settled.outcome();
    }

    private Settled findOrCreate(Decision decision, LedgerEntry planned, List<String> failedStages) {
        Finding finding = decision.finding();
        String label = planned.artifacts().get(DEDUP_LABEL);
        TicketLookup lookup = tickets.findByLabel(label);
        if (lookup instanceof TicketLookup.Found found) {
            String detail = "found by label " + label + " after an interrupted delivery";
            return new Settled(recordDone(planned, found.ticket(), detail),
                    new TicketOutcome(finding.id(), TicketOutcome.Status.RECOVERED, found.ticket(), ""));
        }
        if (lookup instanceof TicketLookup.Rejected rejected) {
            return failed(finding, planned, rejected.reason());
        }
        List<String> previous = previousTickets(planned);
        TicketContent content = composer.compose(decision, ledger.findByFinding(finding.id()), failedStages, label,
                previous);
        TicketCreation creation = tickets.create(content);
        if (creation instanceof TicketCreation.Created created) {
            List<String> notes = new ArrayList<>(created.warnings());
            if (!previous.isEmpty()) {
                notes.add(0, "the finding came back after " + String.join(", ", previous) + " was closed");
            }
            String detail = String.join("; ", notes);
            return new Settled(recordDone(planned, created.ticket(), detail.isEmpty() ? "opened" : detail),
                    new TicketOutcome(finding.id(), TicketOutcome.Status.CREATED, created.ticket(), detail));
        }
        return failed(finding, planned, ((TicketCreation.Rejected) creation).reason());
    }

    private Settled failed(Finding finding, LedgerEntry planned, String reason) {
        Map<String, String> artifacts = new HashMap<>(planned.artifacts());
        artifacts.remove(LEASE_UNTIL);
        LedgerEntry failed = ledger.update(change(planned, LedgerState.FAILED, reason, artifacts,
                planned.completedSteps()));
        return new Settled(failed, new TicketOutcome(finding.id(), TicketOutcome.Status.FAILED, null, reason));
    }

    private LedgerEntry recordDone(LedgerEntry planned, TicketReference ticket, String reason) {
        Map<String, String> artifacts = new HashMap<>(planned.artifacts());
        artifacts.remove(LEASE_UNTIL);
        artifacts.put(TICKET_KEY, ticket.key());
        artifacts.put(TICKET_URL, ticket.url());
        artifacts.put(TICKET_ID, ticket.id());
        artifacts.put(PROVIDER, ticket.provider());
        return ledger.update(change(planned, LedgerState.DONE, "ticket " + ticket.key() + ": " + reason, artifacts,
                List.of(STEP_CREATED)));
    }

    private void linkBack(Finding finding, LedgerEntry done, TicketReference ticket) {
        TicketBacklink.Result result = backlink.link(finding, ticket);
        if (result instanceof TicketBacklink.Result.NotLinked notLinked) {
            ledger.update(change(done, done.state(), done.reason() + "; not noted on the finding: "
                    + notLinked.reason(), done.artifacts(), done.completedSteps()));
            return;
        }
        List<String> steps = new ArrayList<>(done.completedSteps());
        steps.add(STEP_LINKED);
        ledger.update(change(done, done.state(), done.reason(), done.artifacts(), steps));
    }

    private void releaseLease(LedgerEntry planned, RuntimeException failure) {
        Map<String, String> artifacts = new HashMap<>(planned.artifacts());
        artifacts.put(LEASE_UNTIL, clock.instant().toString());
        try {
            ledger.update(change(planned, LedgerState.PLANNED, "interrupted: " + failure.getMessage(), artifacts,
                    planned.completedSteps()));
        } catch (RuntimeException releaseFailure) {
            // The lease then runs out by itself; the original failure is what the caller must see.
            failure.addSuppressed(releaseFailure);
        }
    }

    private LedgerEntry takeOver(LedgerEntry entry, int episode, List<String> previousTickets) {
        return ledger.update(change(entry, LedgerState.PLANNED, "opening a ticket",
                plannedArtifacts(entry.key().findingId(), episode, previousTickets), List.of()));
    }

    private LedgerEntry firstEntry(Finding finding, ActionKey key) {
        Instant now = clock.instant();
        return new LedgerEntry(key, ledgerId(key), LedgerState.PLANNED, "opening a ticket", finding.productArn(),
                finding.accountId(), finding.severity().name(), null, List.of(),
                plannedArtifacts(finding.id(), 1, List.of()), now, now, null, 0);
    }

    private LedgerEntry shadowEntry(Finding finding, ActionKey key) {
        Instant now = clock.instant();
        return new LedgerEntry(key, ledgerId(key), LedgerState.SHADOW, "shadow mode: a ticket would have been opened",
                finding.productArn(), finding.accountId(), finding.severity().name(), null, List.of(),
                Map.of(PROVIDER, tickets.name()), now, now, null, 0);
    }

    private Map<String, String> plannedArtifacts(String findingId, int episode, List<String> previousTickets) {
        Map<String, String> artifacts = new HashMap<>();
        artifacts.put(PROVIDER, tickets.name());
        artifacts.put(DEDUP_LABEL, TicketLabels.forFinding(findingId, episode));
        artifacts.put(EPISODE, Integer.toString(episode));
        artifacts.put(LEASE_UNTIL, clock.instant().plus(settings.lease()).toString());
        if (!previousTickets.isEmpty()) {
            artifacts.put(PREVIOUS_TICKETS, String.join(",", previousTickets));
        }
        return artifacts;
    }

    private LedgerEntry change(LedgerEntry entry, LedgerState state, String reason, Map<String, String> artifacts,
                               List<String> steps) {
        return new LedgerEntry(entry.key(), entry.ledgerId(), state, reason, entry.productArn(), entry.accountId(),
                entry.severity(), entry.preState(), steps, artifacts, entry.createdAt(), clock.instant(),
                entry.expiresAt(), entry.version());
    }

    private TicketOutcome shadowOutcome(Finding finding) {
        return new TicketOutcome(finding.id(), TicketOutcome.Status.SHADOW, null, "");
    }

    private static TicketReference reference(LedgerEntry entry) {
        Map<String, String> a = entry.artifacts();
        return new TicketReference(a.getOrDefault(PROVIDER, ""), a.getOrDefault(TICKET_KEY, ""),
                a.getOrDefault(TICKET_URL, ""), a.getOrDefault(TICKET_ID, ""));
    }

    private static int episode(LedgerEntry entry) {
        String episode = entry.artifacts().get(EPISODE);
        return episode == null ? 1 : Integer.parseInt(episode);
    }

    private static List<String> previousTickets(LedgerEntry entry) {
        String previous = entry.artifacts().get(PREVIOUS_TICKETS);
        return previous == null || previous.isEmpty() ? List.of() : Arrays.asList(previous.split(","));
    }

    private static Instant leaseUntil(LedgerEntry entry) {
        String lease = entry.artifacts().get(LEASE_UNTIL);
        return lease == null ? null : Instant.parse(lease);
    }

    private static String ledgerId(ActionKey key) {
        return TicketLabels.shortHash(key.asString()).substring(0, 12);
    }

    private record Settled(LedgerEntry entry, TicketOutcome outcome) {
    }
}
