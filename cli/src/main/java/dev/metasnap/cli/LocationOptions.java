package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/** Where the snapshots are: the storage options if given, else the cluster's params read through the etcd options. */
public final class LocationOptions {

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    BackupLocation resolve(CliSession session, CliEnvironment environment, PrintWriter err) {
        return session.location(storage.location(environment), etcd.settings(environment, err));
    }
}
