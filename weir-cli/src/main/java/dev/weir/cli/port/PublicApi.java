package dev.weir.cli.port;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Weir's public API classes, found on a classpath and indexed by their name inside their package
 * ({@code MapFunction}, or {@code KeyedProcessFunction.Context} for a nested class). {@code weir port}
 * maps Flink's imports through it, and the tests that keep the API's simple names unique and the
 * porting guide's table current read the same index, so none of them keeps its own list of classes.
 *
 * <p>The public API is every public class (nested ones only when their outer classes are public too)
 * in the packages {@link #PACKAGES} and their subpackages, except subpackages named in
 * {@link #INTERNAL_SUBPACKAGES} and the packages of {@link #NOT_API_PACKAGES}. A package added under {@code dev.weir} must be classified: the test
 * {@code PublicApiNamesTest} fails on a package that is neither public here nor listed as internal.
 *
 * <p>Immutable once scanned; safe to share between threads.
 */
public final class PublicApi {
    /** The packages whose public classes (with their subpackages') are Weir's public API. */
    public static final List<String> PACKAGES = List.of(
            "dev.weir.api", "dev.weir.connector", "dev.weir.jdbc", "dev.weir.kafka", "dev.weir.rocksdb", "dev.weir.web");

    /** Subpackage names that hold implementation even under a public package. */
    public static final Set<String> INTERNAL_SUBPACKAGES = Set.of("internal", "impl", "runtime");

    /** Packages under a public one that are not Weir's API (with their subpackages). */
    public static final List<String> NOT_API_PACKAGES = List.of(
            "dev.weir.kafka.broker"); // the test broker of module weir-kafka-broker

    private final Map<String, List<String>> byName;

    private PublicApi(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** Scans the classpath of this class's class loader (the command's classpath). */
    public static PublicApi scan() {
        return scan(PublicApi.class.getClassLoader());
    }

    /** Scans the classpath of {@code loader} without loading or initializing any class. */
    public static PublicApi scan(ClassLoader loader) {
        Map<String, List<String>> byName = new TreeMap<>();
        try (ScanResult scan = new ClassGraph().overrideClassLoaders(loader)
                .acceptPackages(PACKAGES.toArray(String[]::new)).scan()) {
            for (ClassInfo type : scan.getAllClasses()) {
                if (isPublicApi(type)) {
                    byName.computeIfAbsent(nameInPackage(type), k -> new ArrayList<>()).add(canonicalName(type));
                }
            }
        }
        byName.replaceAll((name, classes) -> List.copyOf(classes.stream().sorted().toList()));
        return new PublicApi(Collections.unmodifiableMap(byName));
    }

    /**
     * The canonical names of Weir's public classes with this name inside their package; more than one
     * only while the rule of unique simple names is broken.
     */
    public List<String> classesNamed(String nameInPackage) {
        return byName.getOrDefault(nameInPackage, List.of());
    }

    /** Every public class: name inside its package, sorted, to the canonical names that carry it. */
    public Map<String, List<String>> classesByName() {
        return byName;
    }

    /** Whether {@code packageName} is one of the public API's packages (not an internal subpackage). */
    public static boolean isPublicPackage(String packageName) {
        boolean underPublic = PACKAGES.stream()
                .anyMatch(p -> packageName.equals(p) || packageName.startsWith(p + "."));
        boolean excluded = NOT_API_PACKAGES.stream()
                .anyMatch(p -> packageName.equals(p) || packageName.startsWith(p + "."));
        return underPublic && !excluded && PACKAGES.stream().filter(p -> packageName.startsWith(p + "."))
                .flatMap(p -> List.of(packageName.substring(p.length() + 1).split("\\.")).stream())
                .noneMatch(INTERNAL_SUBPACKAGES::contains);
    }

    private static boolean isPublicApi(ClassInfo type) {
        if (!type.isPublic() || type.isAnonymousInnerClass() || type.isSynthetic()
                || type.getSimpleName().equals("package-info") || !isPublicPackage(type.getPackageName())) {
            return false;
        }
        return type.getOuterClasses().stream().allMatch(ClassInfo::isPublic);
    }

    private static String nameInPackage(ClassInfo type) {
        String pkg = type.getPackageName();
        String binary = pkg.isEmpty() ? type.getName() : type.getName().substring(pkg.length() + 1);
        return binary.replace('$', '.');
    }

    private static String canonicalName(ClassInfo type) {
        return type.getPackageName() + "." + nameInPackage(type);
    }
}
