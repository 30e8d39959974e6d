package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/** Where the snapshots are: the storage options if given, else the cluster's params read through the etcd options. */
public final class LocationOptions {

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    /** The same etcd with another timeout: for a lookup that must not keep an operator waiting. */
    static EtcdSettings withTimeout(EtcdSettings s, java.time.Duration timeout) {
        return new EtcdSettings(s.endpoints(), s.username(), s.password(), s.rootPrefix(), timeout);
    }

    BackupLocation resolve(CliSession session, CliEnvironment environment, PrintWriter err) {
        return session.location(storage.location(environment), etcd.settings(environment, err));
    }

    /** The manifest at the location, read once; fails early on a missing bucket or refused credentials. */
    BackupManifest readManifest(CliSession session, CliEnvironment environment, PrintWriter err) {
        BackupStorage backup = session.openChecked(resolve(session, environment, err));
        try (var store = backup.store()) {
            return backup.readManifest();
        }
    }
}
