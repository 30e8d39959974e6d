package dev.metasnap.core.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import dev.metasnap.core.workdir.LocalDirectories;

/**
 * {@link ObjectStore} over a local directory ({@code fs://}). Writes go to a temporary file
 * that is synced and then renamed, so readers never see half an object. Multipart uploads
 * keep their parts under {@value #MULTIPART_DIR} until completed.
 */
public final class FsObjectStore implements ObjectStore {

    static final String MULTIPART_DIR = ".multipart";
    private static final String LOCK_FILE = ".metasnap-fs.lock";
    private static final String TEMP_SUFFIX = ".metasnap-tmp";
    private static final Object JVM_LOCK = new Object();

    /** Objects can hold secrets (a snapshot holds the cluster's system params): created readable by their owner only. */
    private static final java.util.Set<StandardOpenOption> OWNER_ONLY_NEW = java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final java.util.Set<StandardOpenOption> OWNER_ONLY_REPLACE =
            java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private final Path root;

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))};
    }

    private FsObjectStore(Path root) {
        this.root = root;
    }

    public static FsObjectStore open(Path root) {
        return new FsObjectStore(root.toAbsolutePath().normalize());
    }

    @Override
    public String describe() {
        return "fs://" + root;
    }

    @Override
    public void checkAccess() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new StoreUnavailableException(StoreUnavailableException.Reason.NO_SUCH_BUCKET,
                    root + " is a file, not a directory; give the fs:// URL of a directory", null);
        }
        if (!Files.isDirectory(root)) {
            throw new StoreUnavailableException(StoreUnavailableException.Reason.NO_SUCH_BUCKET,
                    "directory " + root + " does not exist; create it (mkdir -p " + root + ") or fix the fs:// URL", null);
        }
        if (!Files.isWritable(root)) {
            throw new StoreUnavailableException(StoreUnavailableException.Reason.ACCESS_DENIED,
                    "directory " + root + " is not writable by this user", null);
        }
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || key.isEmpty()) {
            throw new ObjectStoreException("object key '" + key + "' escapes " + describe());
        }
        return p;
    }

    @Override
    public Optional<StoredObject> head(String key) {
        Path p = resolve(key);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("head " + key, e);
        }
    }

    @Override
    public InputStream get(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("object not found: " + key + " in " + describe());
        } catch (IOException e) {
            throw failure("get " + key, e);
        }
    }

    @Override
    public Optional<VersionedBytes> getVersioned(String key) {
        try {
            byte[] content = Files.readAllBytes(resolve(key));
            return Optional.of(new VersionedBytes(content, version(content)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("get " + key, e);
        }
    }

    @Override
    public void put(String key, byte[] content) {
        writeAtomically(resolve(key), content);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
            channel.position(offset);
            return new java.io.FilterInputStream(java.nio.channels.Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    left -= b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buffer, off, (int) Math.min(len, left));
                    left -= n < 0 ? 0 : n;
                    return n;
                }
            };
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("object " + key + " not found in " + describe());
        } catch (IOException e) {
            throw failure("get " + key, e);
        }
    }

    @Override
    public void putStream(String key, PartContent content) {
        writeAtomically(resolve(key), content::open, "write " + key);
    }

    @Override
    public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
        Path target = resolve(key);
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(root);
                try (FileChannel lockChannel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = lockChannel.lock()) {
                    String current = Files.exists(target) ? version(Files.readAllBytes(target)) : null;
                    boolean matches = expectedVersion == null ? current == null : expectedVersion.equals(current);
                    if (!matches) {
                        return false;
                    }
                    writeAtomically(target, content);
                    return true;
                }
            } catch (IOException e) {
                throw failure("conditional put " + key, e);
            }
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !key.startsWith(MULTIPART_DIR + "/") && !key.equals(LOCK_FILE) && !key.endsWith(TEMP_SUFFIX)) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        result.add(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()));
                    } catch (IOException e) {
                        // removed while listing: not part of the listing
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("list " + prefix + " in " + describe() + " failed: " + e.getMessage(), e);
        }
        result.sort(Comparator.comparing(StoredObject::key));
        return result;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw failure("delete " + key, e);
        }
    }

    private Path uploadDir(String uploadId) {
        if (!uploadId.matches("[0-9a-f-]{36}")) {
            throw new NoSuchUploadException("multipart upload id '" + uploadId + "' is not one of this store's");
        }
        return root.resolve(MULTIPART_DIR).resolve(uploadId);
    }

    @Override
    public String createMultipartUpload(String key) {
        String id = UUID.randomUUID().toString();
        try {
            Path dir = Files.createDirectories(uploadDir(id));
            writeAtomically(dir.resolve("key"), key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return id;
        } catch (IOException e) {
            throw failure("create multipart upload " + key, e);
        }
    }

    private Path existingUpload(String key, String uploadId) {
        Path dir = uploadDir(uploadId);
        try {
            if (!Files.isDirectory(dir) || !Files.readString(dir.resolve("key")).equals(key)) {
                throw new NoSuchUploadException("multipart upload " + uploadId + " of " + key + " no longer exists in " + describe());
            }
        } catch (IOException e) {
            throw new NoSuchUploadException("multipart upload " + uploadId + " of " + key + " no longer exists in " + describe());
        }
        return dir;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartContent content) {
        Path target = existingUpload(key, uploadId).resolve(partName(partNumber));
        MessageDigest sha = sha256();
        writeAtomically(target, () -> new DigestInputStream(content.open(), sha), "upload part " + partNumber + " of " + key);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String partName(int partNumber) {
        return String.format("part-%05d", partNumber);
    }

    @Override
    public List<CompletedPart> listParts(String key, String uploadId) {
        Path dir = existingUpload(key, uploadId);
        List<CompletedPart> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-?????")) {
            for (Path p : files) {
                int number = Integer.parseInt(p.getFileName().toString().substring(5));
                byte[] content = Files.readAllBytes(p);
                parts.add(new CompletedPart(number, version(content), content.length));
            }
        } catch (IOException e) {
            throw failure("list parts of " + key, e);
        }
        parts.sort(Comparator.comparingInt(CompletedPart::partNumber));
        return parts;
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        Path dir = existingUpload(key, uploadId);
        Path target = resolve(key);
        Path temp = target.resolveSibling(target.getFileName() + "." + uploadId + TEMP_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel out = FileChannel.open(temp, OWNER_ONLY_REPLACE, ownerOnly())) {
                for (CompletedPart part : parts.stream().sorted(Comparator.comparingInt(CompletedPart::partNumber)).toList()) {
                    Path file = dir.resolve(partName(part.partNumber()));
                    if (!Files.exists(file)) {
                        throw new ObjectStoreException("part " + part.partNumber() + " of upload " + uploadId + " is missing in " + describe());
                    }
                    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, out);
                        }
                    }
                }
                out.force(true);
            }
            move(temp, target);
            LocalDirectories.deleteTree(dir);
        } catch (IOException e) {
            throw failure("complete multipart upload " + key, e);
        }
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        List<PendingUpload> result = new ArrayList<>();
        Path uploads = root.resolve(MULTIPART_DIR);
        if (!Files.isDirectory(uploads)) {
            return result;
        }
        try (Stream<Path> dirs = Files.list(uploads)) {
            for (Path dir : dirs.toList()) {
                try {
                    String key = Files.readString(dir.resolve("key"));
                    if (key.startsWith(prefix)) {
                        result.add(new PendingUpload(key, dir.getFileName().toString(), Files.getLastModifiedTime(dir).toInstant()));
                    }
                } catch (IOException e) {
                    // completed, aborted or still being created: not a pending upload
                }
            }
        } catch (IOException e) {
            throw failure("list multipart uploads " + prefix, e);
        }
        return result;
    }

    @Override
    public int removeTemporaryFiles(String prefix, java.time.Instant before) {
        Path dir = prefix.isEmpty() ? root : resolve(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(TEMP_SUFFIX) && Files.isRegularFile(p)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(before) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw failure("remove temporary files in " + prefix, e);
        }
        return removed;
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        try {
            LocalDirectories.deleteTree(uploadDir(uploadId));
        } catch (IOException e) {
            throw failure("abort multipart upload " + key, e);
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    private void writeAtomically(Path target, byte[] content) {
        writeAtomically(target, () -> new ByteArrayInputStream(content), "write " + root.relativize(target));
    }

    /**
     * Writes what {@code source} opens to {@code target} through a synced temporary file beside
     * it and a rename, so no reader ever sees half of it; a failed write leaves nothing behind.
     */
    private void writeAtomically(Path target, Supplier<InputStream> source, String what) {
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = source.get(); FileChannel out = FileChannel.open(temp, OWNER_ONLY_NEW, ownerOnly())) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            move(temp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw failure(what, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String version(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private ObjectStoreException failure(String what, IOException e) {
        return new ObjectStoreException(what + " in " + describe() + " failed: " + e, e);
    }
}
