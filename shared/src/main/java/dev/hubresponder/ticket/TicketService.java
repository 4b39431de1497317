package dev.hubresponder.ticket;

import dev.hubresponder.action.ActionInProgressException;
import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.ActionWork;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.ConcurrentLedgerUpdateException;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens exactly one ticket per finding, however often and however concurrently the finding is delivered.
 *
 * <p>The ticket is the finding's TICKET action, run by the {@link ActionRunner}: the ledger record
 * {@code (findingId, TICKET, "-")} is claimed with a lease before the provider is called, and records the ticket's
 * key, URL and id as artifacts ({@value #TICKET_KEY}, {@value #TICKET_URL}, {@value #TICKET_ID}) when it is done.
 * Before creating, the work always asks the provider for a ticket with the finding's label
 * ({@link TicketLabels}): a delivery that died after the provider created the ticket but before the ledger recorded
 * it leaves a PLANNED record behind, the next delivery takes it over when the lease has run out, finds the ticket
 * by its label and records it, so no second ticket is opened.
 *
 * <p>Unlike containment, a ticket that the provider refused for good (FAILED, typically a configuration error) or
 * that shadow mode only recorded is tried again on a later delivery of the finding: opening a ticket is harmless,
 * and the fixed configuration should then produce it.
 *
 * <p>The runner refuses a ticket only for the untrusted-producer cap ({@link
 * dev.hubresponder.action.UntrustedProducerCap}): such a ticket is {@link TicketOutcome.Status#HELD_BACK}, recorded
 * REFUSED with the cap's reason, and opened when it is asked for again under the cap.
 *
 * <p>When re-opening is enabled ({@code RESPONDER_TICKET_REOPENED}), a finding whose ticket is closed at the
 * provider and that is back in workflow status NEW gets a new ticket: its own ledger record
 * {@code (findingId, TICKET, "reopened-2")} and label ({@code …-r2}), naming the earlier ticket.
 */
public final class TicketService {
    /** Ledger artifacts of a ticket record. */
    public static final String TICKET_KEY = "ticketKey";
    public static final String TICKET_URL = "ticketUrl";
    public static final String TICKET_ID = "ticketId";
    public static final String PROVIDER = "provider";
    /** Target of the ledger records of a finding's later tickets: {@code reopened-2}, {@code reopened-3} … */
    public static final String REOPENED_TARGET = "reopened-";

    private final TicketSystem tickets;
    private final ActionLedger ledger;
    private final ActionRunner runner;
    private final TicketComposer composer;
    private final boolean reopen;
    private final Clock clock;

    /**
     * @param reopen a finding that comes back (workflow NEW) after its ticket was closed gets a new ticket
     */
    public TicketService(TicketSystem tickets, ActionLedger ledger, ActionRunner runner, TicketComposer composer,
                         boolean reopen, Clock clock) {
        this.tickets = Objects.requireNonNull(tickets, "tickets");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.reopen = reopen;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure the finding of a decision that asks for a ticket has exactly one.
     *
     * @param decision     a decision with a TICKET action
     * @param failedStages earlier stages that failed after retries, written into a new ticket
     * @throws dev.hubresponder.action.RetryableActionException when the provider cannot answer now, or another
     *                                                          delivery is opening the ticket
     */
    public TicketOutcome ticket(Decision decision, List<String> failedStages) {
        Finding finding = decision.finding();
        if (!tickets.opensTickets()) {
            return new TicketOutcome(finding.id(), TicketOutcome.Status.NOT_CONFIGURED, null, "", null);
        }
        PlannedAction planned = decision.actionsOf(ResponseAction.TICKET).get(0);
        List<LedgerEntry> episodes = episodes(finding.id());
        int episode = Math.max(1, episodes.size());
        LedgerEntry latest = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
        if (latest != null && comeBack(finding, latest)) {
            episode++;
            latest = null;
        } else if (latest != null && worthRetrying(latest, planned)) {
            reset(latest);
        }
        List<String> previous = episodes.stream().limit(episode - 1L).map(e -> e.artifacts().get(TICKET_KEY))
                .filter(Objects::nonNull).toList();

        AtomicReference<Opened> opened = new AtomicReference<>();
        ActionWork work = open(decision, episode, previous, failedStages, opened);
        ActionOutcome outcome = episode == 1 ? runner.run(planned, finding, work)
                : runner.run(key(finding.id(), episode), finding, planned.reason(), work);
        return outcome(finding, outcome, opened.get());
    }

    /** The work of opening one episode's ticket, run by the action runner under the ledger claim. */
    private ActionWork open(Decision decision, int episode, List<String> previous, List<String> failedStages,
                            AtomicReference<Opened> opened) {
        return progress -> {
            Finding finding = decision.finding();
            String label = TicketLabels.forFinding(finding.id(), episode);
            TicketLookup lookup = tickets.findByLabel(label);
            if (lookup instanceof TicketLookup.Found found) {
                record(progress, found.ticket());
                opened.set(new Opened(TicketOutcome.Status.RECOVERED, found.ticket(), ""));
                return WorkResult.done("ticket " + found.ticket().key() + " found by its label " + label
                        + " after an interrupted delivery: " + found.ticket().url());
            }
            if (lookup instanceof TicketLookup.Rejected rejected) {
                return WorkResult.failed(rejected.reason());
            }
            TicketContent content = composer.compose(decision, ledger.findByFinding(finding.id()), failedStages,
                    label, previous);
            TicketCreation creation = tickets.create(content);
            if (creation instanceof TicketCreation.Created created) {
                record(progress, created.ticket());
                List<String> notes = new ArrayList<>();
                if (!previous.isEmpty()) {
                    notes.add("the finding came back after " + String.join(", ", previous) + " was closed");
                }
                notes.addAll(created.warnings());
                String detail = String.join("; ", notes);
                opened.set(new Opened(TicketOutcome.Status.CREATED, created.ticket(), detail));
                return WorkResult.done("ticket " + created.ticket().key() + " opened: " + created.ticket().url()
                        + (detail.isEmpty() ? "" : "; " + detail));
            }
            return WorkResult.failed(((TicketCreation.Rejected) creation).reason());
        };
    }

    private static void record(ActionProgress progress, TicketReference ticket) {
        progress.addArtifact(PROVIDER, ticket.provider());
        progress.addArtifact(TICKET_ID, ticket.id());
        progress.addArtifact(TICKET_URL, ticket.url());
        progress.addArtifact(TICKET_KEY, ticket.key());
    }

    private TicketOutcome outcome(Finding finding, ActionOutcome outcome, Opened opened) {
        LedgerEntry entry = outcome.entry();
        TicketReference ticket = reference(entry).orElse(null);
        return switch (outcome.kind()) {
            case DONE -> new TicketOutcome(finding.id(), opened.status(), opened.ticket(), opened.detail(), outcome);
            case SHADOW -> new TicketOutcome(finding.id(), TicketOutcome.Status.SHADOW, null, "", outcome);
            case ALREADY_DONE -> switch (entry.state()) {
                case DONE -> new TicketOutcome(finding.id(), TicketOutcome.Status.ALREADY_OPEN, ticket, "", outcome);
                case SHADOW -> new TicketOutcome(finding.id(), TicketOutcome.Status.SHADOW, null, "", outcome);
                case REFUSED -> new TicketOutcome(finding.id(), TicketOutcome.Status.HELD_BACK, null,
                        String.valueOf(entry.reason()), outcome);
                default -> new TicketOutcome(finding.id(), TicketOutcome.Status.FAILED, ticket,
                        String.valueOf(entry.reason()), outcome);
            };
            case REFUSED -> new TicketOutcome(finding.id(), TicketOutcome.Status.HELD_BACK, null,
                    String.valueOf(entry.reason()), outcome);
            case FAILED -> new TicketOutcome(finding.id(), TicketOutcome.Status.FAILED, null,
                    String.valueOf(entry.reason()), outcome);
        };
    }

    /** The finding's ticket records, episode 1 first, as long as they follow each other. */
    private List<LedgerEntry> episodes(String findingId) {
        List<LedgerEntry> episodes = new ArrayList<>();
        for (int episode = 1; ; episode++) {
            Optional<LedgerEntry> entry = ledger.find(key(findingId, episode));
            if (entry.isEmpty()) {
                return episodes;
            }
            episodes.add(entry.get());
        }
    }

    /** The finding is back (workflow NEW) after its ticket was closed, and re-opening is enabled. */
    private boolean comeBack(Finding finding, LedgerEntry latest) {
        if (!reopen || latest.state() != LedgerState.DONE || !"NEW".equalsIgnoreCase(finding.workflowStatus())) {
            return false;
        }
        return reference(latest).map(tickets::status).orElse(TicketStatus.UNKNOWN) == TicketStatus.CLOSED;
    }

    /** A refused ticket, or one shadow mode only recorded (and shadow mode is now off), is tried again. */
    private static boolean worthRetrying(LedgerEntry latest, PlannedAction planned) {
        return latest.state() == LedgerState.FAILED || (latest.state() == LedgerState.SHADOW && !planned.shadow());
    }

    /** Turns a settled record back into a released claim, so that the runner takes it over and runs the work. */
    private void reset(LedgerEntry settled) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            ledger.update(settled.withState(LedgerState.PLANNED, "trying again after: " + settled.reason(), now)
                    .withLease(null, now));
        } catch (ConcurrentLedgerUpdateException e) {
            throw new ActionInProgressException(settled.key().asString() + " is being retried by another delivery: "
                    + e.getMessage());
        }
    }

    static ActionKey key(String findingId, int episode) {
        return new ActionKey(findingId, ResponseAction.TICKET,
                episode == 1 ? ActionKey.NO_TARGET : REOPENED_TARGET + episode);
    }

    /** The ticket a record names, when it names one. */
    public static Optional<TicketReference> reference(LedgerEntry entry) {
        Map<String, String> a = entry.artifacts();
        if (!a.containsKey(TICKET_KEY)) {
            return Optional.empty();
        }
        return Optional.of(new TicketReference(a.getOrDefault(PROVIDER, ""), a.get(TICKET_KEY),
                a.getOrDefault(TICKET_URL, ""), a.getOrDefault(TICKET_ID, "")));
    }

    /** How this delivery's work settled the ticket, for the outcome. */
    private record Opened(TicketOutcome.Status status, TicketReference ticket, String detail) {
    }
}
