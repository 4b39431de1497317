package dev.hubresponder.block;

/**
 * The outcome of one read-decide-write of an IP set.
 *
 * @param <E> the edit decided on the contents of the attempt that counted
 */
public sealed interface SetWrite<E extends SetEdit> {

    /** How many times the set was read (1 unless concurrent writers forced re-reads). */
    int attempts();

    /**
     * The set was written.
     *
     * @param edit      the edit decided on {@code before}
     * @param before    the contents the write replaced
     * @param sizeAfter how many entries the set holds now
     */
    record Written<E extends SetEdit>(E edit, SetContents before, int sizeAfter, int attempts)
            implements SetWrite<E> {
    }

    /** The edit changed nothing (every addition already present, no removal present): nothing was written. */
    record Unchanged<E extends SetEdit>(E edit, SetContents before, int attempts) implements SetWrite<E> {
    }

    /** The set could not be read or written. */
    record Failed<E extends SetEdit>(WriteFailure failure, String message, int attempts) implements SetWrite<E> {
    }
}
