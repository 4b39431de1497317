package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./responder demo} runs end to end in CI: every step's checks of the emulated account hold (a failed check
 * exits 1), and the output shows each action path.
 *
 * <p>Preconditions: {@code moto_server} installed (the demo fails saying so otherwise); the functions' shaded jars
 * built, which the reactor does before this module's tests (cli depends on each function module, type pom).
 */
class DemoTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void demoShowsEveryActionPathAndPassesItsChecks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> shell = Map.of("HUB_RESPONDER_HOME", ROOT.toString(),
                "PATH", System.getenv().getOrDefault("PATH", ""), "HOME", System.getProperty("user.home"));

        int exit = new Responder(shell, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("demo");

        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; stderr:\n" + err.toString(StandardCharsets.UTF_8) + "\nstdout:\n" + shown)
                .isEqualTo(Responder.OK);
        assertThat(shown)
                .contains("QuarantineInstance: DONE QUARANTINE_INSTANCE")
                .contains("[hub-responder-untracked] → [hub-responder-isolation]")
                .contains("Auto Scaling: Standby")
                .contains("BlockAddresses: blocked 185.220.101.45/32")
                .contains("StopTask: DONE STOP_TASK")
                .contains("the scheduler will start a replacement")
                .contains("CreateTicket: no ticket: provider none")
                .contains("alert: \"[CRITICAL] NOTIFIED in 123456789012: CVE-2023-38545")
                .contains("only trusted producers may cause containment")
                .contains("is protected: tag hub-responder:protected=true")
                .contains("QuarantineInstance: ALREADY_DONE QUARANTINE_INSTANCE")
                .contains("QuarantineInstance: DONE RELEASE_INSTANCE")
                .contains("Auto Scaling: InService")
                .contains("BlockAddresses: removed 185.220.101.45/32")
                .contains("Security Hub note: \"hub-responder")
                .contains("WAF hub-responder-blocked-ipv4: 500 entries after 1 UpdateIPSet call(s)")
                .contains(":function:CreateTicketFunction:live]: 500 asynchronous invocations")
                .contains("ok: the first finding of the burst was alerted after its block")
                .contains("RevokeCredentials: DONE REVOKE_CREDENTIALS arn:aws:iam::123456789012:role/web-app-instance-role")
                .contains("role web-app-instance-role: inline policies [app-access, hub-responder-revoke-older-sessions]")
                .contains("ok: only the revoke policy was removed")
                // Every check() call in Demo, the interface check once per ENI of the web instance (two).
                .contains("demo passed: 39 checks of the emulated account's state")
                .doesNotContain("check failed");
    }
}
