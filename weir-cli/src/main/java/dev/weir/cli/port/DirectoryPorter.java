package dev.weir.cli.port;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ports every {@code .java} file under a directory from Flink's API to Weir's ({@link SourcePorter})
 * and reports, per file, the imports it rewrote, then each Flink name it could not map with the files
 * and lines that use it. Files are rewritten in place (each through a temporary file in its directory
 * and an atomic move), only when something changed and not in a dry run. Files that are not UTF-8
 * are left alone and reported. Runs on the calling thread.
 */
public final class DirectoryPorter {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.\\s]+?)\\s*;");

    /** What one run did: changes per file (relative path), and what was left as it was, by Flink name. */
    public record Report(Map<Path, List<SourcePorter.Change>> changes, Map<String, Leftover> unmapped,
            int files, boolean dryRun) {
        /** True when every Flink import was mapped and every file read. */
        public boolean complete() {
            return unmapped.isEmpty();
        }
    }

    /** A Flink name left as it was: why, and per file the lines (its import first) that use it. */
    public record Leftover(String reason, Map<Path, List<Integer>> lines) {
    }

    private final SourcePorter porter;

    public DirectoryPorter(PublicApi api) {
        this.porter = new SourcePorter(api);
    }

    /** Ports the files under {@code root}; with {@code dryRun} nothing is written. */
    public Report port(Path root, boolean dryRun) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        Map<String, Leftover> unmapped = new TreeMap<>();
        for (Path file : files) {
            try {
                texts.put(file, StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString());
            } catch (CharacterCodingException e) {
                leftover(unmapped, "(the file " + root.relativize(file) + ")",
                        "not UTF-8: not read; save it as UTF-8 and run weir port again", root.relativize(file),
                        List.of());
            }
        }
        Map<String, Set<String>> typesByPackage = typesByPackage(texts);
        Map<Path, List<SourcePorter.Change>> changes = new LinkedHashMap<>();
        for (Map.Entry<Path, String> entry : texts.entrySet()) {
            Path file = entry.getKey();
            Path relative = root.relativize(file);
            SourcePorter.Result result = porter.port(entry.getValue(),
                    typesByPackage.getOrDefault(packageOf(entry.getValue()), Set.of()));
            if (result.changed()) {
                changes.put(relative, result.changes());
                if (!dryRun) {
                    write(file, result.text());
                }
            }
            for (SourcePorter.Unmapped left : result.unmapped()) {
                leftover(unmapped, left.flink(), left.reason(), relative, left.lines());
            }
        }
        return new Report(changes, unmapped, files.size(), dryRun);
    }

    /** Prints the report: rewritten imports per file, then the names left as they were. */
    public static void print(Report report, Path root, PrintStream out) {
        out.println((report.dryRun() ? "weir port (dry run, nothing written): " : "weir port: ") + report.files()
                + " Java files under " + root + ", " + report.changes().size()
                + (report.dryRun() ? " would change" : " changed"));
        report.changes().forEach((file, changes) -> {
            out.println(file);
            for (SourcePorter.Change change : changes) {
                out.println("  " + change.line() + ": " + change.flink() + " -> " + change.weir());
            }
        });
        if (report.unmapped().isEmpty()) {
            out.println("Every Flink import maps to Weir. Next: build the job against Weir "
                    + "(docs/PORTING-FROM-FLINK.md).");
            return;
        }
        out.println();
        out.println("Not mapped (" + report.unmapped().size() + "), left as they were: the build fails on them "
                + "until they are replaced by hand (docs/PORTING-FROM-FLINK.md):");
        report.unmapped().forEach((flink, leftover) -> {
            out.println("  " + flink);
            out.println("    " + leftover.reason());
            leftover.lines().forEach((file, lines) -> out.println("    " + file
                    + (lines.isEmpty() ? "" : ": line " + String.join(", ", lines.stream().map(String::valueOf)
                            .toList()))));
        });
    }

    private static void leftover(Map<String, Leftover> unmapped, String flink, String reason, Path file,
            List<Integer> lines) {
        unmapped.computeIfAbsent(flink, k -> new Leftover(reason, new LinkedHashMap<>()))
                .lines().computeIfAbsent(file, k -> new ArrayList<>()).addAll(lines);
    }

    /** Top-level type names per package, from the files' names: they shadow wildcard imports. */
    private static Map<String, Set<String>> typesByPackage(Map<Path, String> texts) {
        Map<String, Set<String>> types = new HashMap<>();
        texts.forEach((file, text) -> {
            String name = file.getFileName().toString();
            types.computeIfAbsent(packageOf(text), k -> new HashSet<>())
                    .add(name.substring(0, name.length() - ".java".length()));
        });
        return types;
    }

    private static String packageOf(String text) {
        Matcher m = PACKAGE.matcher(JavaSourceMask.mask(text));
        return m.find() ? m.group(1).replaceAll("\\s", "") : "";
    }

    private static void write(Path file, String text) {
        try {
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".weir-port");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
                } catch (UnsupportedOperationException notPosix) {
                    // the temporary file keeps the file system's defaults
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage()
                    + "; nothing else was written after it, fix the cause and run weir port again", e);
        }
    }
}
