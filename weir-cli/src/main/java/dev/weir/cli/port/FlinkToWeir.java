package dev.weir.cli.port;

import java.util.List;

/**
 * Maps a Flink class name to Weir's public class of the same name inside its package (a nested class
 * keeps its outer class: {@code KeyedProcessFunction.Context}), or says why it cannot. The mapping is
 * Weir's {@link PublicApi} scan by name, less the Flink classes listed in {@link FlinkNames} as meaning
 * another thing.
 */
final class FlinkToWeir {
    static final String FLINK_PREFIX = "org.apache.flink.";

    /** The outcome for one Flink class: Weir's class, or the reason there is none. */
    record Mapping(String weirClass, String reason) {
        boolean mapped() {
            return weirClass != null;
        }
    }

    private final PublicApi api;

    FlinkToWeir(PublicApi api) {
        this.api = api;
    }

    /** {@code flinkClass}: a canonical name such as {@code org.apache.flink.util.Collector}. */
    Mapping map(String flinkClass) {
        var notMapped = FlinkNames.notMapped(flinkClass);
        if (notMapped.isPresent()) {
            return new Mapping(null, notMapped.get());
        }
        String name = nameInPackage(flinkClass);
        List<String> classes = api.classesNamed(name);
        if (classes.size() == 1) {
            return new Mapping(classes.get(0), null);
        }
        if (classes.size() > 1) {
            return new Mapping(null, "Weir has more than one public class named " + name + " (" + String.join(", ",
                    classes) + "): choose one by hand, and report it, since public names are meant to be unique");
        }
        return new Mapping(null, FlinkNames.hint(flinkClass).orElse("Weir has no class named " + name));
    }

    /** The part of a canonical name after its package: from the first segment that starts upper-case. */
    static String nameInPackage(String canonicalName) {
        String[] segments = canonicalName.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].isEmpty() && Character.isUpperCase(segments[i].charAt(0))) {
                return String.join(".", List.of(segments).subList(i, segments.length));
            }
        }
        return segments[segments.length - 1];
    }

    /** The package of a canonical name: the segments before the first one that starts upper-case. */
    static String packageOf(String canonicalName) {
        String name = nameInPackage(canonicalName);
        return canonicalName.length() == name.length() ? ""
                : canonicalName.substring(0, canonicalName.length() - name.length() - 1);
    }
}
