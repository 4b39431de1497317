package dev.hubresponder.audit;

import java.util.List;

/**
 * The port for writing notes back onto findings in Security Hub. Never throws for a note it could not write: each
 * such note comes back in {@link NoteReport#failed()} with Security Hub's error code, so that one bad finding
 * does not cost the others their notes, and a note never makes an action run again.
 */
public interface FindingNotes {
    NoteReport write(List<FindingNote> notes);
}
