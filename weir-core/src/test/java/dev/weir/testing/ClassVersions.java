package dev.weir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * One version of a few classes, compiled from source with the JDK's compiler into a folder of its own and
 * loaded by a class loader of its own: tests of state schema evolution load two versions of a class under
 * the same name, as a job and its upgraded version would.
 */
public final class ClassVersions {
    private final URLClassLoader loader;

    private ClassVersions(URLClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Compiles {@code sources} (fully qualified class name → source text) into {@code directory} and loads
     * them in a new class loader whose parent is the test's.
     */
    public static ClassVersions compile(Path directory, Map<String, String> sources) {
        try {
            Path src = directory.resolve("src");
            Path classes = directory.resolve("classes");
            Files.createDirectories(classes);
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                arguments.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int status = compiler.run(null, null, errors, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("the test's classes do not compile: " + errors);
            }
            return new ClassVersions(new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    ClassVersions.class.getClassLoader()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class of this version named {@code name}. */
    @SuppressWarnings("unchecked")
    public <T> Class<T> load(String name) {
        try {
            return (Class<T>) Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not among the compiled classes", e);
        }
    }

    /** A new record of {@code type} from its components in order (through its canonical constructor). */
    public static Object newRecord(Class<?> type, Object... components) {
        try {
            Class<?>[] parameters = java.util.Arrays.stream(type.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
            return type.getDeclaredConstructor(parameters).newInstance(components);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    /** A new POJO of {@code type} with the given public fields set (name, value, name, value...). */
    public static Object newPojo(Class<?> type, Object... fieldsAndValues) {
        try {
            Object pojo = type.getConstructor().newInstance();
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                type.getField((String) fieldsAndValues[i]).set(pojo, fieldsAndValues[i + 1]);
            }
            return pojo;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    /** The public fields of a POJO as {@code name=value} in order of name. */
    public static String describePojo(Object pojo) {
        if (pojo == null) {
            return "null";
        }
        return java.util.Arrays.stream(pojo.getClass().getFields())
                .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .sorted(java.util.Comparator.comparing(java.lang.reflect.Field::getName))
                .map(f -> {
                    try {
                        return f.getName() + "=" + f.get(pojo);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(java.util.stream.Collectors.joining(", ", pojo.getClass().getSimpleName() + "{", "}"));
    }
}
