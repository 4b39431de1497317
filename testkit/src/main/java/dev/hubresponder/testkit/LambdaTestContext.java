package dev.hubresponder.testkit;

/**
 * The Lambda context a handler test passes: the function's name and how long it has left, as the runtime would
 * give them (1024 MB, as the template deploys every function), in the emulator's account and Region.
 */
public final class LambdaTestContext extends LocalLambdaContext {

    public LambdaTestContext(String functionName) {
        this(functionName, 60_000);
    }

    public LambdaTestContext(String functionName, int remainingMillis) {
        super("00000000-0000-4000-8000-000000000001", functionName,
                functionArn(MotoServer.REGION, MotoServer.ACCOUNT, functionName), 1024, () -> remainingMillis);
    }
}
