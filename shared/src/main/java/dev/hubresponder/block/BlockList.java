package dev.hubresponder.block;

import java.util.function.Function;

/**
 * The IP sets the responder blocks addresses in, one per IP version: the port the WAFv2 adapter implements.
 *
 * <p>{@link #edit} is one read-merge-write: read the set, let {@code decide} say what to add and remove given what
 * is there, write the result with the read's lock token. When another writer changed the set in between, the
 * adapter reads again and asks {@code decide} again, so an edit never overwrites someone else's change.
 */
public interface BlockList {

    /** The set that holds one IP version (its ARN), as ledger records and messages name it. */
    String setName(IpVersion version);

    /**
     * Reads the set, decides, and writes when the edit changes anything.
     *
     * @return written, unchanged, or failed with a reason saying whether a later retry can help; never throws for
     *         a WAF error
     */
    <E extends SetEdit> SetWrite<E> edit(IpVersion version, Function<SetContents, E> decide);
}
