package dev.metasnap.cli;

import java.time.Duration;
import dev.metasnap.config.Durations;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.connect.RuntimeSecrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the cluster's etcd; the password comes from a file or the environment, never from the job repository. */
public final class EtcdOptions {

    public static final String PASSWORD_ENV = "METASNAP_ETCD_PASSWORD";

    @Option(names = "--etcd-endpoints", paramLabel = "URL[,URL...]", description = "etcd endpoints (default: $METASNAP_ETCD_ENDPOINTS or " + EtcdSettings.DEFAULT_ENDPOINTS + ")")
    String endpoints;

    @Option(names = "--etcd-auth", description = "etcd has authentication enabled (implied by --etcd-username)")
    boolean auth;

    @Option(names = "--etcd-username", paramLabel = "USER", description = "etcd user")
    String username;

    @Option(names = "--etcd-password-file", paramLabel = "FILE", description = "file whose first line is the etcd password (or set $" + PASSWORD_ENV + ")")
    Path passwordFile;

    @Option(names = "--etcd-password", paramLabel = "PASSWORD", description = "etcd password; visible to other users in ps, prefer --etcd-password-file")
    String password;

    @Option(names = "--root-prefix", paramLabel = "PREFIX", description = "the cluster's etcd key prefix (default: none)")
    String rootPrefix = "";

    @Option(names = "--etcd-timeout", paramLabel = "DURATION",
            description = "how long the command waits for etcd to answer before it gives up, e.g. 3s (default: $METASNAP_ETCD_TIMEOUT or 10s)")
    String timeout;

    public EtcdSettings settings(CliEnvironment environment, PrintWriter err) {
        String endpointText = endpoints != null ? endpoints
                : environment.getenv("METASNAP_ETCD_ENDPOINTS") != null ? environment.getenv("METASNAP_ETCD_ENDPOINTS") : EtcdSettings.DEFAULT_ENDPOINTS;
        String user = username != null ? username : environment.getenv("METASNAP_ETCD_USERNAME");
        if (auth && user == null) {
            throw new InvalidSettingException("--etcd-auth needs --etcd-username");
        }
        char[] secret = null;
        if (user != null) {
            secret = password(environment, err);
        }
        return new EtcdSettings(EtcdSettings.parseEndpoints(endpointText), user, secret, rootPrefix, timeout(environment));
    }

    private Duration timeout(CliEnvironment environment) {
        String text = timeout != null ? timeout : environment.getenv("METASNAP_ETCD_TIMEOUT");
        if (text == null) {
            return null;
        }
        Duration parsed = Durations.parse(text);
        if (parsed.isZero()) {
            throw new InvalidSettingException("--etcd-timeout must be longer than 0, not '" + text + "'");
        }
        return parsed;
    }

    private char[] password(CliEnvironment environment, PrintWriter err) {
        if (passwordFile != null) {
            try {
                return RuntimeSecrets.passwordFile(passwordFile);
            } catch (IOException e) {
                throw new InvalidSettingException("cannot read --etcd-password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        if (environment.getenv(PASSWORD_ENV) != null) {
            return environment.getenv(PASSWORD_ENV).toCharArray();
        }
        if (password != null) {
            err.println("warning: --etcd-password is visible to other users of this machine; use --etcd-password-file or $" + PASSWORD_ENV);
            return password.toCharArray();
        }
        throw new InvalidSettingException("etcd user '" + username + "' needs a password: use --etcd-password-file FILE or $" + PASSWORD_ENV);
    }
}
