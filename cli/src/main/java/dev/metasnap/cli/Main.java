package dev.metasnap.cli;

/** Entry point of the runnable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // grpc and netty log through java.util.logging; their start-up chatter is not for operators
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(MetasnapCommand.commandLine(CliEnvironment.system(), args).execute(args));
    }
}
