package dev.hubresponder.ticket;

import dev.hubresponder.finding.Finding;
import java.util.ArrayList;
import java.util.List;

/** Records the notes the service would write onto findings. */
final class RecordingBacklink implements TicketBacklink {
    final List<String> links = new ArrayList<>();
    Result answer = new Result.Linked();

    @Override
    public Result link(Finding finding, TicketReference ticket) {
        links.add(finding.id() + " -> " + ticket.key());
        return answer;
    }
}
