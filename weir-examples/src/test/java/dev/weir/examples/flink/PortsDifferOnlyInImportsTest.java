package dev.weir.examples.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Flink-style jobs in this package are ports of genuine Flink 2.3 jobs ({@code
 * src/test/resources/flink-originals}, compiled and run on Flink by weir-bench-flink) that differ
 * from their originals in their import lines only ({@code weir port} wrote them from the
 * originals): without the imports, port and original are the same text line by line; every import
 * of an original names a Flink or JDK class, and the port imports, for each Flink class, a Weir
 * class of the same simple name, and the same JDK classes.
 */
class PortsDifferOnlyInImportsTest {
    static final Path ORIGINALS = Path.of("src/test/resources/flink-originals");
    static final Path PORTS = Path.of("src/test/java/dev/weir/examples/flink");

    static Stream<String> originals() throws IOException {
        try (Stream<Path> files = Files.list(ORIGINALS)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .sorted().toList();
            assertTrue(names.size() >= 4, "the Flink originals in " + ORIGINALS.toAbsolutePath() + ": " + names);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("originals")
    void withoutItsImports_thePortIsTheOriginalLineByLine(String name) throws IOException {
        List<String> original = withoutImports(Files.readAllLines(ORIGINALS.resolve(name)));
        List<String> port = withoutImports(Files.readAllLines(port(name)));

        for (int i = 0; i < Math.min(original.size(), port.size()); i++) {
            assertEquals(original.get(i), port.get(i), name + ": line " + (i + 1) + " (imports left out) differs");
        }
        assertEquals(original.size(), port.size(), name + ": number of lines (imports left out)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("originals")
    void everyFlinkImportBecomesAWeirClassOfTheSameSimpleName(String name) throws Exception {
        Map<String, String> original = importsBySimpleName(Files.readAllLines(ORIGINALS.resolve(name)));
        Map<String, String> port = importsBySimpleName(Files.readAllLines(port(name)));

        assertEquals(original.keySet(), port.keySet(), name + ": the simple names imported");
        for (Map.Entry<String, String> entry : original.entrySet()) {
            String flink = entry.getValue();
            String weir = port.get(entry.getKey());
            if (flink.startsWith("java.")) {
                assertEquals(flink, weir, name + ": a JDK import stays as it is");
            } else {
                assertTrue(flink.startsWith("org.apache.flink."), name + ": the original imports " + flink
                        + ", which is neither a Flink nor a JDK class");
                assertTrue(weir.startsWith("dev.weir."), name + ": the port imports " + weir + " for " + flink);
                assertEquals(entry.getKey(), loadable(weir).getSimpleName(), name + ": " + weir);
            }
        }
    }

    private static Path port(String name) {
        Path port = PORTS.resolve(name);
        if (!Files.exists(port)) {
            fail("the Flink original " + ORIGINALS.resolve(name) + " has no Weir port " + port);
        }
        return port;
    }

    /** The lines without import lines and without the blank lines among or right after them. */
    static List<String> withoutImports(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean inImports = false;
        for (String line : lines) {
            if (line.startsWith("import ")) {
                inImports = true;
            } else if (!(inImports && line.isBlank())) {
                inImports = false;
                kept.add(line);
            }
        }
        return kept;
    }

    /** Imported class names by simple name; refuses static and on-demand imports. */
    static Map<String, String> importsBySimpleName(List<String> lines) {
        Map<String, String> imports = new TreeMap<>();
        for (String line : lines) {
            if (line.startsWith("import ")) {
                String name = line.substring("import ".length(), line.indexOf(';')).trim();
                assertTrue(!name.startsWith("static ") && !name.endsWith(".*"), "a single-type import: " + line);
                String previous = imports.put(name.substring(name.lastIndexOf('.') + 1), name);
                assertEquals(null, previous, "two imports of one simple name: " + line);
            }
        }
        return imports;
    }

    /** The class an import names, nested classes included ({@code a.b.Outer.Inner}). */
    private static Class<?> loadable(String importedName) throws ClassNotFoundException {
        String binary = importedName;
        while (true) {
            try {
                return Class.forName(binary);
            } catch (ClassNotFoundException e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    throw new ClassNotFoundException("no class " + importedName + " on the classpath", e);
                }
                binary = binary.substring(0, dot) + '$' + binary.substring(dot + 1);
            }
        }
    }
}
