package dev.metasnap.steps.backup;

/**
 * How a sealed object of {@code objectBytes} is cut into multipart parts of {@code partSize}
 * (the last one shorter; an empty object is one empty part): the upload sends and its
 * completion expects the same parts.
 */
record PartLayout(long objectBytes, int partSize) {

    PartLayout {
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be > 0: " + partSize);
        }
    }

    int count() {
        return (int) Math.max(1, (objectBytes + partSize - 1) / partSize);
    }

    long offset(int partNumber) {
        return (long) (partNumber - 1) * partSize;
    }

    int length(int partNumber) {
        return (int) Math.min(partSize, objectBytes - offset(partNumber));
    }
}
