package dev.metasnap.config;

/** Validation of a directory inside a bucket or fs root. */
final class StorageDirectory {

    private StorageDirectory() {
    }

    static String normalize(String directory, String what) {
        if (directory == null || directory.isBlank()) {
            throw new InvalidSettingException(what + " is empty; give a relative path such as 'backup'");
        }
        String d = directory.strip().replaceAll("^/+|/+$", "");
        if (d.isEmpty() || d.contains("..") || d.contains("//")) {
            throw new InvalidSettingException(what + " '" + directory + "' is not a plain relative path; give one such as 'backup'");
        }
        return d;
    }
}
