package dev.metasnap.cli;

/** Entry point of the runnable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        quietRuntime();
        System.exit(MetasnapCommand.commandLine(CliEnvironment.system(), args).execute(args));
    }

    /** The JVM settings of every metasnap process (this jar's and the tools jar's), before anything loads netty or grpc. */
    public static void quietRuntime() {
        // netty asks whether Java Flight Recorder is available, which loads and starts part of JFR:
        // a tenth of a second on every command that talks to etcd, for events nobody records here
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        // grpc and netty log through java.util.logging; their start-up chatter is not for operators
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
    }
}
