package dev.hubresponder.block;

import java.util.Collection;

/**
 * A change to one IP set, decided from its current {@link SetContents}. The adapter may ask for it again after a
 * concurrent writer changed the set, so deciding must not have side effects.
 */
public interface SetEdit {
    /** Host entries to add; ones already present are not written again. */
    Collection<String> additions();

    /** Entries to remove, named exactly as {@link SetContents#entries()} lists them. */
    Collection<String> removals();
}
