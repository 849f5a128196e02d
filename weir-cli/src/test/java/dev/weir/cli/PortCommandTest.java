package dev.weir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir port} on Flink jobs written as for Flink (test resources {@code port/flink}): the exact
 * ported text ({@code port/expected}), the report of what it could not map, the exit codes, and that a
 * ported job compiles against Weir alone.
 */
class PortCommandTest {
    private static final String NOT_MAPPED = """

            Not mapped (6), left as they were: the build fails on them until they are replaced by hand \
            (docs/PORTING-FROM-FLINK.md):
              org.apache.flink.api.connector.sink2.Sink
                Flink's Sink V2 (SinkWriter, Committer) is not Weir's Sink; Weir's interfaces for writing your own \
            connectors (dev.weir.api.connector: Source, SourceReader, Sink, TwoPhaseCommitSink) are Weir's own; port \
            this connector by hand (docs/PORTING-FROM-FLINK.md, "Your own sources and sinks")
                com/example/fraud/FraudAlerts.java: line 6, 24
              org.apache.flink.cep.CEP
                Weir has no CEP library; match patterns in a KeyedProcessFunction with keyed state and timers
                com/example/fraud/FraudAlerts.java: line 7, 21
              org.apache.flink.cep.pattern.Pattern
                Weir has no CEP library; match patterns in a KeyedProcessFunction with keyed state and timers
                com/example/fraud/FraudAlerts.java: line 8, 20
              org.apache.flink.table.api.Table
                Weir has no Table API or SQL; write the job with the DataStream API
                com/example/fraud/FraudAlerts.java: line 11, 23, 25
              org.apache.flink.table.api.bridge.java.StreamTableEnvironment
                Weir has no Table API or SQL; write the job with the DataStream API
                com/example/fraud/FraudAlerts.java: line 12, 22
              static org.apache.flink.table.api.Expressions.$
                Weir has no Table API or SQL; write the job with the DataStream API
                com/example/fraud/FraudAlerts.java: line 3, 23
            """;

    private static final String REWRITTEN = """
            com/example/events/Events.java
              3: org.apache.flink.api.common.eventtime.* -> dev.weir.api.DataStream, dev.weir.api.DataStreamSource, \
            dev.weir.api.eventtime.WatermarkStrategy (the Weir classes this file uses, for all its Flink wildcard imports)
              4: org.apache.flink.streaming.api.datastream.* -> removed (the Weir classes are imported on line 3)
              5: org.apache.flink.streaming.api.environment.StreamExecutionEnvironment -> dev.weir.api.StreamExecutionEnvironment
            com/example/fraud/FraudAlerts.java
              9: org.apache.flink.streaming.api.datastream.DataStream -> dev.weir.api.DataStream
              10: org.apache.flink.streaming.api.environment.StreamExecutionEnvironment -> dev.weir.api.StreamExecutionEnvironment
              19: org.apache.flink.api.common.eventtime.WatermarkStrategy -> dev.weir.api.eventtime.WatermarkStrategy
            com/example/state/CountPerKey.java
              3: org.apache.flink.api.common.state.* -> dev.weir.api.state.ValueState, dev.weir.api.state.ValueStateDescriptor \
            (the Weir classes this file uses)
              4: org.apache.flink.streaming.api.functions.KeyedProcessFunction -> dev.weir.api.functions.KeyedProcessFunction
              5: org.apache.flink.streaming.api.functions.KeyedProcessFunction.Context -> \
            dev.weir.api.functions.KeyedProcessFunction.Context
              6: org.apache.flink.util.Collector -> dev.weir.api.Collector
            com/example/wordcount/WordCount.java
              4: org.apache.flink.api.common.functions.FlatMapFunction -> dev.weir.api.functions.FlatMapFunction
              5: org.apache.flink.api.common.functions.MapFunction -> dev.weir.api.functions.MapFunction
              6: org.apache.flink.api.java.functions.KeySelector -> dev.weir.api.functions.KeySelector
              7: org.apache.flink.core.execution.CheckpointingMode -> dev.weir.api.CheckpointingMode
              8: org.apache.flink.streaming.api.datastream.DataStream -> dev.weir.api.DataStream
              9: org.apache.flink.streaming.api.datastream.KeyedStream -> dev.weir.api.KeyedStream
              10: org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator -> dev.weir.api.SingleOutputStreamOperator
              11: org.apache.flink.streaming.api.environment.StreamExecutionEnvironment -> dev.weir.api.StreamExecutionEnvironment
              12: org.apache.flink.util.Collector -> dev.weir.api.Collector
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void portRewritesEveryFlinkImportToWeirsClassOfTheSameName_andReportsWhatWeirLacks_exitFour() throws Exception {
        Path jobs = copyOf("/port/flink");

        assertEquals(PortCommand.NOT_ALL_MAPPED, WeirCommand.run("port", jobs.toString()));

        assertEquals(filesUnder(resource("/port/expected")), filesUnder(jobs));
        assertEquals("weir port: 5 Java files under " + jobs + ", 4 changed\n" + REWRITTEN + NOT_MAPPED, out());
        assertEquals("", err());
    }

    @Test
    void whenEveryImportMaps_thenItSaysSoAndExitsZero() throws Exception {
        Path jobs = copyOf("/port/flink/com/example/wordcount");

        assertEquals(0, WeirCommand.run("port", jobs.toString()));

        assertEquals(filesUnder(resource("/port/expected/com/example/wordcount")), filesUnder(jobs));
        assertTrue(out().endsWith("Every Flink import maps to Weir. Next: build the job against Weir "
                + "(docs/PORTING-FROM-FLINK.md).\n"), out());
    }

    @Test
    void aDryRunReportsTheSameAndWritesNothing() throws Exception {
        Path jobs = copyOf("/port/flink");

        assertEquals(PortCommand.NOT_ALL_MAPPED, WeirCommand.run("port", "--dry-run", jobs.toString()));

        assertEquals(filesUnder(resource("/port/flink")), filesUnder(jobs));
        assertEquals("weir port (dry run, nothing written): 5 Java files under " + jobs + ", 4 would change\n"
                + REWRITTEN + NOT_MAPPED, out());
    }

    @Test
    void aPortedJobCompilesAgainstWeirAlone() throws Exception {
        Path jobs = copyOf("/port/flink");
        WeirCommand.run("port", jobs.toString());
        List<String> arguments = new ArrayList<>(List.of("-d", Files.createDirectories(dir.resolve("classes"))
                .toString(), "-classpath", weirClasspath(), "-proc:none"));
        for (String file : List.of("wordcount/WordCount.java", "events/Events.java", "events/KeyValue.java")) {
            arguments.add(jobs.resolve("com/example").resolve(file).toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

        int result = javac.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));

        assertEquals(0, result, diagnostics.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(dir.resolve("classes/com/example/wordcount/WordCount.class")));
    }

    @Test
    void theUnportedJobDoesNotCompileAgainstWeir_soTheCompileCheckCanFail() throws Exception {
        Path jobs = copyOf("/port/flink");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

        int result = javac.run(null, diagnostics, diagnostics, "-d", dir.resolve("classes").toString(),
                "-classpath", weirClasspath(), "-proc:none", jobs.resolve("com/example/wordcount/WordCount.java")
                        .toString());

        assertEquals(1, result);
        assertTrue(diagnostics.toString(StandardCharsets.UTF_8).contains("package org.apache.flink"));
    }

    @Test
    void whenDirIsNotADirectory_thenItExitsTwoNamingIt() {
        assertEquals(2, WeirCommand.run("port", dir.resolve("nope").toString()));
        assertTrue(err().contains("no directory " + dir.resolve("nope")), err());
    }

    @Test
    void theHelpListsThePortCommand() {
        assertEquals(0, WeirCommand.run("--help"));
        assertTrue(out().contains("port"), out());
        out.reset();
        assertEquals(0, WeirCommand.run("port", "--help"));
        assertTrue(out().contains("--dry-run") && out().contains("Exit codes: 0 all mapped, 4"), out());
    }

    /** Weir's modules only (where its classes were loaded from), never the test classpath with Flink's jars. */
    private static String weirClasspath() throws URISyntaxException {
        return Path.of(StreamExecutionEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    private static Map<String, String> filesUnder(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace(File.separatorChar, '/'), Files.readString(file));
            }
        }
        return files;
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource(name).toURI());
    }

    private Path copyOf(String resource) throws IOException, URISyntaxException {
        Path source = resource(resource);
        Path target = dir.resolve("job");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace("\r", "");
    }
}
