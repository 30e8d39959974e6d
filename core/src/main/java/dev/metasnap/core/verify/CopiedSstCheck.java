package dev.metasnap.core.verify;

import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstCopier;
import dev.metasnap.core.ssts.SstIndex;
import dev.metasnap.core.ssts.SstIndexEntry;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.StoredObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checks the SSTs a snapshot copied into backup storage: each is in the SST index and present
 * with its recorded size; with reading, a share of them (all, a percentage or part n of t,
 * chosen by a hash of the object id so the same share comes back every time and the parts of a
 * split cover everything) is read again and its SHA-256 compared with the one recorded at copy
 * time. SSTs the snapshot already recorded as missing are not looked for.
 */
public record CopiedSstCheck(boolean enabled, int readPercent, int part, int parts) {

    public static CopiedSstCheck none() {
        return new CopiedSstCheck(false, 0, 0, 0);
    }

    public static CopiedSstCheck presence() {
        return new CopiedSstCheck(true, 0, 0, 0);
    }

    /**
     * Parses the job parameter: "" (none), "presence", "read", "read:N%" or "read:n/t".
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CopiedSstCheck parse(String text) {
        if (text == null || text.isEmpty()) {
            return none();
        }
        if (text.equals("presence")) {
            return presence();
        }
        if (text.equals("read")) {
            return new CopiedSstCheck(true, 100, 0, 0);
        }
        if (text.startsWith("read:")) {
            return subset(text.substring("read:".length()));
        }
        throw new IllegalArgumentException("unknown SST check '" + text + "'");
    }

    /** "10%" or "2/7" (part 2 of 7), as {@code --read-data-subset} takes it. */
    public static CopiedSstCheck subset(String share) {
        try {
            if (share.endsWith("%")) {
                int percent = Integer.parseInt(share.substring(0, share.length() - 1));
                if (percent >= 1 && percent <= 100) {
                    return new CopiedSstCheck(true, percent, 0, 0);
                }
            } else if (share.contains("/")) {
                int n = Integer.parseInt(share.substring(0, share.indexOf('/')));
                int t = Integer.parseInt(share.substring(share.indexOf('/') + 1));
                if (t >= 1 && n >= 1 && n <= t) {
                    return new CopiedSstCheck(true, 0, n, t);
                }
            }
        } catch (NumberFormatException e) {
            // refused below with the value
        }
        throw new IllegalArgumentException("--read-data-subset '" + share + "' must be a percentage (1% to 100%) or a part n/t (1 <= n <= t)");
    }

    public String parameter() {
        if (!enabled) {
            return "";
        }
        if (parts > 0) {
            return "read:" + part + "/" + parts;
        }
        return readPercent == 0 ? "presence" : readPercent == 100 ? "read" : "read:" + readPercent + "%";
    }

    /** Whether object {@code id} is in the share to read again. */
    boolean reads(long id) {
        long h = hash(id);
        if (parts > 0) {
            return h % parts == part - 1;
        }
        return h % 100 < readPercent;
    }

    private static long hash(long id) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
        return crc.getValue();
    }

    /** @throws SnapshotCorruptException (region "ssts") naming the first bad SSTs and how many */
    public void check(SstStore ssts, SstIndex index, SnapshotMetadata entry) {
        if (!enabled) {
            return;
        }
        if (entry.sstCopy() == null) {
            throw new SnapshotCorruptException("ssts", "snapshot " + entry.id() + " was taken without --copy-ssts, so it has no copied SSTs to check");
        }
        List<String> problems = new ArrayList<>();
        int read = 0;
        for (long id : entry.ssts()) {
            if (entry.sstCopy().missing().contains(id)) {
                continue;
            }
            SstIndexEntry recorded = index.ssts().get(id);
            if (recorded == null) {
                problems.add(id + " not in the SST index");
                continue;
            }
            Optional<StoredObject> object = ssts.storage().store().head(ssts.sstKey(id));
            if (object.isEmpty()) {
                problems.add(id + " missing (" + ssts.sstKey(id) + ")");
            } else if (object.get().size() != recorded.size()) {
                problems.add(id + " has " + object.get().size() + " bytes, " + recorded.size() + " recorded");
            } else if (readPercent > 0 || parts > 0) {
                if (reads(id)) {
                    read++;
                    String sha = SstCopier.sha256Of(ssts.storage().store(), ssts.sstKey(id));
                    if (!sha.equals(recorded.sha256())) {
                        problems.add(id + " reads back with SHA-256 " + sha + ", " + recorded.sha256() + " recorded at copy time");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SnapshotCorruptException("ssts", problems.size() + " copied SST(s) of snapshot " + entry.id() + " are damaged: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size()))) + (problems.size() > 5 ? "; ..." : ""));
        }
        if (readPercent > 0 || parts > 0) {
            org.slf4j.LoggerFactory.getLogger(CopiedSstCheck.class).info("snapshot {}: {} copied SST(s) read back and re-hashed", entry.id(), read);
        }
    }
}
