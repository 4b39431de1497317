package dev.hubresponder.bench;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the functions' logging set-up costs a cold start on its own: run on a function's shaded jar, with
 * {@code log} it initializes SLF4J, log4j (the function's log4j2.properties) and Powertools' JSON layout and
 * writes one structured line, as every handler's static logger and first log call do; with {@code none} it only
 * starts the JVM. bench/run.sh logging times both.
 */
public final class LoggingStartup {
    private LoggingStartup() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("log")) {
            Logger log = LoggerFactory.getLogger(LoggingStartup.class);
            log.info("logging started", entry("findingId", "none"));
        }
    }
}
