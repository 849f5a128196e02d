package dev.weir.cli.port;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ports the text of one Java source file from Flink to Weir: each import of a Flink class becomes
 * the import of Weir's class of the same name ({@link FlinkToWeir}); a static import keeps its member;
 * a wildcard import of a Flink package becomes single-type imports of the Weir classes the file uses
 * (names in its code that are Weir's public classes and not imported, declared or in its own package
 * otherwise), since which classes a Flink package held is not known here; a fully qualified Flink name
 * in code is rewritten too. Comments and string literals are left alone. Whatever cannot be mapped is
 * left as it was and reported with the lines that use it.
 *
 * <p>Pure text work, no I/O; holds no state between files, so one instance may port from any thread.
 */
public final class SourcePorter {
    private static final Pattern IMPORT = Pattern.compile(
            "(?m)^[ \\t]*import\\s+(static\\s+)?([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*(?:\\s*\\.\\s*\\*)?)\\s*;");
    private static final Pattern DECLARED_TYPE = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z][\\w$]*)");
    private static final Pattern TYPE_NAME = Pattern.compile("(?<![\\w$.])([A-Z][\\w$]*)\\b");
    private static final Pattern FLINK_REFERENCE = Pattern.compile(
            "(?<![\\w$.])org\\s*\\.\\s*apache\\s*\\.\\s*flink(?:\\s*\\.\\s*[a-z_$][\\w$]*)*(?:\\s*\\.\\s*[A-Z][\\w$]*)+");

    /** One import (or qualified name in code) rewritten: its line, the Flink text and Weir's. */
    public record Change(int line, String flink, String weir) {
    }

    /** A Flink import or name left as it was: why, and the lines (import first) that use it. */
    public record Unmapped(String flink, String reason, List<Integer> lines) {
    }

    /** The ported text (the same text when nothing changed), what changed and what could not. */
    public record Result(String text, List<Change> changes, List<Unmapped> unmapped) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    /** An import declaration: the offsets of its name and of the whole declaration (from its line's start). */
    private record Import(int start, int end, int declarationStart, int declarationEnd, int line, boolean isStatic,
            String name) {
        boolean flink() {
            return name.startsWith(FlinkToWeir.FLINK_PREFIX);
        }

        boolean packageWildcard() {
            return !isStatic && name.endsWith(".*") && Character.isLowerCase(lastSegment(withoutLastSegment(name))
                    .charAt(0));
        }
    }

    private record Edit(int start, int end, String text) {
    }

    private final PublicApi api;
    private final FlinkToWeir mapper;

    SourcePorter(PublicApi api) {
        this.api = api;
        this.mapper = new FlinkToWeir(api);
    }

    /**
     * @param source the file's text
     * @param samePackageTypes simple names of the types declared in the file's own package (they shadow
     *     wildcard imports, so a wildcard never turns into an import of a Weir class of such a name)
     */
    public Result port(String source, Set<String> samePackageTypes) {
        return new FilePort(source, samePackageTypes).run();
    }

    /** The work on one file: its text, what was found in it, and the edits collected so far. */
    private final class FilePort {
        private final String source;
        private final Set<String> samePackageTypes;
        private final Lines lines;
        private final List<Import> imports;
        /** The file's code only: comments, literals and import declarations blanked out. */
        private final String code;
        private final List<Edit> edits = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();
        private final List<Unmapped> unmapped = new ArrayList<>();
        /** Simple names the file imports one by one (after the port): a wildcard never imports them again. */
        private final Set<String> importedNames = new TreeSet<>();

        FilePort(String source, Set<String> samePackageTypes) {
            this.source = source;
            this.samePackageTypes = samePackageTypes;
            String masked = JavaSourceMask.mask(source);
            this.lines = new Lines(source);
            this.imports = imports(masked, lines);
            this.code = blankImports(masked, imports);
        }

        Result run() {
            List<Import> packageWildcards = new ArrayList<>();
            for (Import imp : imports) {
                if (!imp.flink()) {
                    if (!imp.isStatic() && !imp.name().endsWith(".*")) {
                        importedNames.add(simpleName(imp.name()));
                    }
                } else if (imp.packageWildcard()) {
                    packageWildcards.add(imp);
                } else {
                    portImport(imp);
                }
            }
            portPackageWildcards(packageWildcards);
            portQualifiedNames();

            edits.sort(Comparator.comparingInt(Edit::start).reversed());
            StringBuilder text = new StringBuilder(source);
            for (Edit edit : edits) {
                text.replace(edit.start(), edit.end(), edit.text());
            }
            changes.sort(Comparator.comparingInt(Change::line));
            return new Result(text.toString(), List.copyOf(changes), List.copyOf(unmapped));
        }

        /** A single-type, static or nested-class wildcard import. */
        private void portImport(Import imp) {
            boolean ofMember = imp.isStatic() || imp.name().endsWith(".*");
            String className = ofMember ? withoutLastSegment(imp.name()) : imp.name();
            String member = ofMember ? lastSegment(imp.name()) : null;
            String prefix = imp.isStatic() ? "static " : "";
            FlinkToWeir.Mapping mapping = mapper.map(className);
            if (mapping.mapped()) {
                String weir = mapping.weirClass() + (member == null ? "" : "." + member);
                edits.add(new Edit(imp.start(), imp.end(), weir));
                changes.add(new Change(imp.line(), prefix + imp.name(), prefix + weir));
            } else {
                String used = member == null ? simpleName(className) : member.equals("*") ? null : member;
                unmapped.add(new Unmapped(prefix + imp.name(), mapping.reason(), usageLines(imp.line(), used)));
            }
            if (member == null) {
                importedNames.add(simpleName(className));
            }
        }

        /**
         * Wildcard imports of Flink packages: the ones of packages Weir has no counterpart for are left
         * and reported; the others together become imports of the Weir classes the file uses, in place
         * of the first of them (which Flink package held which class is not known here).
         */
        private void portPackageWildcards(List<Import> wildcards) {
            List<Import> expandable = new ArrayList<>();
            for (Import wildcard : wildcards) {
                String pkg = withoutLastSegment(wildcard.name());
                Optional<String> noCounterpart = FlinkNames.notMappedPackage(pkg).or(() -> FlinkNames.hint(pkg + "."));
                if (noCounterpart.isPresent()) {
                    unmapped.add(new Unmapped(wildcard.name(), noCounterpart.get(), List.of(wildcard.line())));
                } else {
                    expandable.add(wildcard);
                }
            }
            if (expandable.isEmpty()) {
                return;
            }
            Set<String> weirClasses = weirClassesUsedWithoutImport();
            if (weirClasses.isEmpty()) {
                for (Import wildcard : expandable) {
                    unmapped.add(new Unmapped(wildcard.name(), "none of the class names this file uses is one of "
                            + "Weir's: if it uses a class of this package, Weir has no class of that name; if it uses "
                            + "none, delete the import", List.of(wildcard.line())));
                }
                return;
            }
            Import first = expandable.get(0);
            String indent = source.substring(first.declarationStart(), source.indexOf("import", first.declarationStart()));
            String separator = source.contains("\r\n") ? "\r\n" : "\n";
            List<String> declarations = weirClasses.stream().map(c -> indent + "import " + c + ";").toList();
            edits.add(new Edit(first.declarationStart(), first.declarationEnd(), String.join(separator, declarations)));
            changes.add(new Change(first.line(), first.name(), String.join(", ", weirClasses)
                    + (expandable.size() > 1 ? " (the Weir classes this file uses, for all its Flink wildcard imports)"
                            : " (the Weir classes this file uses)")));
            for (Import other : expandable.subList(1, expandable.size())) {
                edits.add(new Edit(other.declarationStart(), lineEndAfter(source, other.declarationEnd()), ""));
                changes.add(new Change(other.line(), other.name(), "removed (the Weir classes are imported on line "
                        + first.line() + ")"));
            }
        }

        /** Top-level Weir class names in the code that nothing else in scope supplies. */
        private Set<String> weirClassesUsedWithoutImport() {
            Set<String> declared = new TreeSet<>(samePackageTypes);
            DECLARED_TYPE.matcher(code).results().forEach(m -> declared.add(m.group(1)));
            Set<String> weirClasses = new TreeSet<>();
            Matcher names = TYPE_NAME.matcher(code);
            while (names.find()) {
                String name = names.group(1);
                List<String> classes = api.classesNamed(name);
                if (classes.size() == 1 && !importedNames.contains(name) && !declared.contains(name)
                        && !inJavaLang(name)) {
                    weirClasses.add(classes.get(0));
                }
            }
            return weirClasses;
        }

        /**
         * Fully qualified Flink names in code: the longest leading class path that maps is rewritten and
         * the rest (a nested class, a constant) kept; {@code Types.STRING} maps through {@code Types}.
         */
        private void portQualifiedNames() {
            Matcher reference = FLINK_REFERENCE.matcher(code);
            while (reference.find()) {
                String name = reference.group().replaceAll("\\s", "");
                String pkg = FlinkToWeir.packageOf(name);
                List<String> segments = List.of(FlinkToWeir.nameInPackage(name).split("\\."));
                int line = lines.lineOf(reference.start());
                Optional<Change> change = Optional.empty();
                for (int k = segments.size(); k >= 1 && change.isEmpty(); k--) {
                    FlinkToWeir.Mapping mapping = mapper.map(pkg + "." + String.join(".", segments.subList(0, k)));
                    if (mapping.mapped()) {
                        String rest = segments.subList(k, segments.size()).stream().map(s -> "." + s)
                                .collect(Collectors.joining());
                        change = Optional.of(new Change(line, name, mapping.weirClass() + rest));
                    }
                }
                if (change.isPresent()) {
                    edits.add(new Edit(reference.start(), reference.end(), change.get().weir()));
                    changes.add(change.get());
                } else {
                    unmapped.add(new Unmapped(name, mapper.map(pkg + "." + segments.get(0)).reason(), List.of(line)));
                }
            }
        }

        /** The import's line, then every line whose code uses {@code name} (none when it is null). */
        private List<Integer> usageLines(int importLine, String name) {
            Set<Integer> used = new LinkedHashSet<>();
            used.add(importLine);
            if (name != null) {
                Matcher m = Pattern.compile("(?<![\\w$.])" + Pattern.quote(name) + "(?![\\w$])").matcher(code);
                while (m.find()) {
                    used.add(lines.lineOf(m.start()));
                }
            }
            return List.copyOf(used);
        }
    }

    private static List<Import> imports(String masked, Lines lines) {
        List<Import> imports = new ArrayList<>();
        Matcher m = IMPORT.matcher(masked);
        while (m.find()) {
            imports.add(new Import(m.start(2), m.end(2), m.start(), m.end(), lines.lineOf(m.start(2)),
                    m.group(1) != null, m.group(2).replaceAll("\\s", "")));
        }
        return imports;
    }

    /** The masked text with the import declarations blanked too: what remains is the file's code. */
    private static String blankImports(String masked, List<Import> imports) {
        char[] code = masked.toCharArray();
        for (Import imp : imports) {
            for (int i = imp.start(); i < imp.end(); i++) {
                if (code[i] != '\n' && code[i] != '\r') {
                    code[i] = ' ';
                }
            }
        }
        return new String(code);
    }

    private static boolean inJavaLang(String name) {
        try {
            Class.forName("java.lang." + name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static int lineEndAfter(String source, int from) {
        int i = from;
        while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
            i++;
        }
        if (i < source.length() && source.charAt(i) == '\r') {
            i++;
        }
        if (i < source.length() && source.charAt(i) == '\n') {
            i++;
        }
        return i;
    }

    static String simpleName(String canonicalName) {
        return lastSegment(canonicalName);
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String withoutLastSegment(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Line numbers (1-based) of offsets in a text. */
    private static final class Lines {
        private final int[] starts;

        Lines(String text) {
            List<Integer> list = new ArrayList<>();
            list.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    list.add(i + 1);
                }
            }
            starts = list.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineOf(int offset) {
            int index = java.util.Arrays.binarySearch(starts, offset);
            return index >= 0 ? index + 1 : -index - 1;
        }
    }
}
