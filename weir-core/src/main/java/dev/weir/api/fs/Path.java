package dev.weir.api.fs;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The name of a file or directory that a file source reads or a file sink writes, as in Flink: a
 * path string ({@code /data/in}, {@code data/in}) or a URI. Weir's runtime runs on one machine, so
 * it supports local paths and {@code file:} URIs ({@code file:/data/in}, {@code file:///data/in});
 * any other scheme ({@code s3://}, {@code hdfs://}) is refused when the path is made, naming the
 * path.
 *
 * <p>A path is an immutable value: separators are normalized ({@code /a//b/} is {@code /a/b}), and
 * two paths are equal when their URIs are. A relative path is resolved against the working
 * directory of the process when a connector opens it ({@link #toLocalPath()}).
 */
public class Path implements Comparable<Path> {
    /** The separator between the names of a path. */
    public static final String SEPARATOR = "/";
    public static final char SEPARATOR_CHAR = '/';
    /** The current directory, {@code .}. */
    public static final String CUR_DIR = ".";

    private final URI uri;

    /** The current directory. */
    public Path() {
        this(CUR_DIR);
    }

    /** A path from a URI without a scheme or with scheme {@code file}. */
    public Path(URI uri) {
        this.uri = normalize(uri.getScheme(), uri.getAuthority(), uri.getPath(), uri.toString());
    }

    /** A local path such as {@code /data/in} or {@code in/a.txt}, or a {@code file:} URI. */
    public Path(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            URI parsed;
            try {
                parsed = new URI(path);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("path " + path + " is not a valid URI: " + e.getMessage(), e);
            }
            this.uri = normalize(parsed.getScheme(), parsed.getAuthority(), parsed.getPath(), path);
        } else {
            this.uri = normalize(null, null, path, path);
        }
    }

    /** {@code child} resolved against {@code parent}; an absolute child stands for itself. */
    public Path(Path parent, String child) {
        this(parent, new Path(child));
    }

    /** {@code child} resolved against {@code parent}; an absolute child stands for itself. */
    public Path(String parent, String child) {
        this(new Path(parent), new Path(child));
    }

    /** {@code child} resolved against {@code parent}; an absolute child stands for itself. */
    public Path(String parent, Path child) {
        this(new Path(parent), child);
    }

    /** {@code child} resolved against {@code parent}; an absolute child stands for itself. */
    public Path(Path parent, Path child) {
        if (child.isAbsolute()) {
            this.uri = child.uri;
        } else {
            String base = parent.uri.getPath();
            String joined = base.endsWith(SEPARATOR) ? base + child.uri.getPath()
                    : base + SEPARATOR + child.uri.getPath();
            this.uri = normalize(parent.uri.getScheme(), null, joined, parent + " and " + child);
        }
    }

    /** The path of a local file or directory. */
    public static Path fromLocalFile(File file) {
        return new Path(file.toURI());
    }

    private static URI normalize(String scheme, String authority, String path, String shown) {
        if (scheme != null && !scheme.equalsIgnoreCase("file")) {
            throw new IllegalArgumentException("path " + shown + " uses file system scheme '" + scheme
                    + "', which Weir does not support: Weir reads and writes local files only (a local path "
                    + "such as /data/in, or a file: URI such as file:///data/in)");
        }
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("path " + shown + " names host '" + authority
                    + "': Weir reads and writes local files only (use file:///path or a plain local path)");
        }
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path " + shown + " has no file name part");
        }
        String normalized = path.replace('\\', SEPARATOR_CHAR).replaceAll("/{2,}", SEPARATOR);
        if (normalized.length() > 1 && normalized.endsWith(SEPARATOR)) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        try {
            return new URI(scheme == null ? null : "file", null, normalized, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path " + shown + " is not a valid path: " + e.getMessage(), e);
        }
    }

    /** The path as a URI: {@code file:/data/in} for a {@code file:} path, {@code /data/in} for a plain one. */
    public URI toUri() {
        return uri;
    }

    /** Whether the path starts at the root. */
    public boolean isAbsolute() {
        return uri.getPath().startsWith(SEPARATOR);
    }

    /** The last name of the path: {@code a.txt} for {@code /in/a.txt}. */
    public String getName() {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf(SEPARATOR_CHAR) + 1);
    }

    /** The path part of the URI, without the scheme. */
    public String getPath() {
        return uri.getPath();
    }

    /** The path without its last name, or null for the root and for a single relative name. */
    public Path getParent() {
        String path = uri.getPath();
        int last = path.lastIndexOf(SEPARATOR_CHAR);
        if (path.equals(SEPARATOR) || last < 0) {
            return null;
        }
        String parent = last == 0 ? SEPARATOR : path.substring(0, last);
        return new Path(normalize(uri.getScheme(), null, parent, parent), true);
    }

    private Path(URI normalized, boolean alreadyNormalized) {
        this.uri = normalized;
    }

    /** This path with {@code suffix} appended to its last name. */
    public Path suffix(String suffix) {
        return new Path(normalize(uri.getScheme(), null, uri.getPath() + suffix, this + suffix), true);
    }

    /** The number of names in the path: 0 for the root, 2 for {@code /in/a.txt}. */
    public int depth() {
        String path = uri.getPath();
        int depth = 0;
        int slash = path.length() == 1 && path.charAt(0) == SEPARATOR_CHAR ? -1 : 0;
        while (slash != -1) {
            depth++;
            slash = path.indexOf(SEPARATOR_CHAR, slash + 1);
        }
        return depth;
    }

    /**
     * Weir: the local file system path this path names, relative paths resolved against the working
     * directory of the process.
     */
    public java.nio.file.Path toLocalPath() {
        return java.nio.file.Path.of(uri.getPath()).toAbsolutePath();
    }

    @Override
    public String toString() {
        return uri.getScheme() == null ? uri.getPath() : uri.getScheme() + ":" + uri.getPath();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Path other && uri.equals(other.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public int compareTo(Path other) {
        return uri.compareTo(other.uri);
    }
}
