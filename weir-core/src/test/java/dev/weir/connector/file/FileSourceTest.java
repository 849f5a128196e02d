package dev.weir.connector.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionException;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.KeyValue;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.SourceReader;
import dev.weir.connector.CollectSink;
import dev.weir.connector.FileOperationException;
import dev.weir.testing.SubtaskTag;
import dev.weir.testing.TestSourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a path in a job at parallelism 1: the lines in file order. */
    private static List<String> readInJob(Path path) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        CollectSink<String> sink = new CollectSink<>();
        env.readTextFile(path.toString()).sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        return sink.results();
    }

    /** A bounded source of the lines under {@code path}. */
    private static FileSource<String> lines(Path path) {
        return FileSource.forRecordStreamFormat(new TextLineInputFormat(), new dev.weir.api.fs.Path(path.toUri())).build();
    }

    /** A split (file and byte offset) as the source names it. */
    private static FileSourceSplit at(Path file, long offset) {
        return new FileSourceSplit(file.toString(), offset, 1);
    }

    /**
     * Reads the initial splits of one subtask with a reader created directly; returns the lines
     * and, after each line, where the reader would resume (the first split of its snapshot).
     */
    private static List<String> readDirectly(FileSource<String> source, int subtask, int parallelism,
                                             List<FileSourceSplit> positions) throws Exception {
        return readSplits(source, source.initialSplits(subtask, parallelism), positions);
    }

    private static List<String> readSplits(FileSource<String> source, List<FileSourceSplit> splits,
                                           List<FileSourceSplit> positions) throws Exception {
        SourceReader<String, FileSourceSplit> reader = source.createReader(new TestSourceContext(0, 1), splits);
        assertEquals(splits, reader.snapshotSplits(), "nothing read yet");
        List<String> lines = new ArrayList<>();
        SourceReader.InputStatus status;
        do {
            status = reader.pollNext(line -> {
                lines.add(line);
                positions.add(reader.snapshotSplits().get(0));
            });
        } while (status == SourceReader.InputStatus.MORE_AVAILABLE);
        assertEquals(SourceReader.InputStatus.END_OF_INPUT, status);
        assertEquals(List.of(), reader.snapshotSplits(), "nothing left after the end");
        reader.close();
        return lines;
    }

    @Test
    void whenAnInputFileVanishedBeforeItIsRead_thenTheReaderNamesItTheOperationAndTheOption() throws Exception {
        Path file = write("gone.txt", "a\nb\n");
        FileSource<String> source = lines(file);
        List<FileSourceSplit> splits = source.initialSplits(0, 1);
        Files.delete(file);
        SourceReader<String, FileSourceSplit> reader = source.createReader(new TestSourceContext(0, 1), splits);

        FileOperationException e = assertThrows(FileOperationException.class, () -> reader.pollNext(line -> { }));

        assertEquals("cannot read " + file.toAbsolutePath() + " (input): no such file or directory. Check the input "
                + "given with --input (readTextFile(..), FileSource.forRecordStreamFormat(..))", e.getMessage());
    }

    @Test
    void whenAnInputFileIsShorterThanTheRestoredPosition_thenTheReaderSaysItChangedAndWhatToDo() throws Exception {
        Path file = write("short.txt", "a\n");
        FileSource<String> source = lines(file);
        SourceReader<String, FileSourceSplit> reader = source.createReader(new TestSourceContext(0, 1),
                List.of(at(file, 100)));

        IOException e = assertThrows(IOException.class, () -> reader.pollNext(line -> { }));

        assertTrue(e.getMessage().startsWith("input file " + file.toAbsolutePath() + " is shorter than the "
                + "checkpoint's position, byte 100"), e.getMessage());
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    }

    @Test
    void linesEndingInLfOrCrLfAndALastLineWithoutTerminatorAreRead() throws IOException {
        Path file = write("mixed.txt", "alpha\nbeta\r\ngamma\r\ndelta");
        assertEquals(List.of("alpha", "beta", "gamma", "delta"), readInJob(file));
    }

    @Test
    void emptyLinesAreKeptAndATrailingTerminatorAddsNoLine() throws IOException {
        Path file = write("gaps.txt", "\n\nx\n\r\n\n");
        assertEquals(List.of("", "", "x", "", ""), readInJob(file));
    }

    @Test
    void anEmptyFileHasNoLines() throws IOException {
        assertEquals(List.of(), readInJob(write("empty.txt", "")));
    }

    @Test
    void utf8MultibyteCharactersAreDecoded() throws IOException {
        Path file = write("utf8.txt", "héllo wörld\r\n日本語のテキスト\n😀 emoji\nplain");
        assertEquals(List.of("héllo wörld", "日本語のテキスト", "😀 emoji", "plain"), readInJob(file));
    }

    @Test
    void longLinesAndMultibyteCharactersAcrossReadBufferBoundariesSurvive() throws IOException {
        List<String> expected = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String line = i + ":" + "äö€😀".repeat(i % 17) + (i % 250 == 0 ? "x".repeat(5_000) : "");
            expected.add(line);
            content.append(line).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        Path file = write("big.txt", content.toString());
        assertTrue(Files.size(file) > 3 * 64 * 1024, "should span several 64 KiB buffers");
        assertEquals(expected, readInJob(file));
    }

    @Test
    void aReaderReportsTheFileAndByteOffsetWhereTheNextLineStarts() throws Exception {
        Path file = write("pos.txt", "héllo\r\nb\n\nlast");
        List<FileSourceSplit> positions = new ArrayList<>();
        List<String> lines = readDirectly(lines(file), 0, 1, positions);
        assertEquals(List.of("héllo", "b", "", "last"), lines);
        // "héllo" is 6 bytes + CRLF = 8; "b\n" ends at 10; "\n" at 11; "last" at 15 (end of file)
        assertEquals(List.of(at(file, 8), at(file, 10), at(file, 11), at(file, 15)), positions);
    }

    @Test
    void everyReportedPositionIsWhereTheRemainingLinesStart() throws Exception {
        String content = "first line\nzweite Zeile — ü\r\n\n第四行\nlast without newline";
        Path file = write("resume.txt", content);
        byte[] bytes = Files.readAllBytes(file);
        List<FileSourceSplit> positions = new ArrayList<>();
        List<String> lines = readDirectly(lines(file), 0, 1, positions);
        for (int i = 0; i < lines.size(); i++) {
            int offset = (int) positions.get(i).offset();
            String rest = new String(Arrays.copyOfRange(bytes, offset, bytes.length), StandardCharsets.UTF_8);
            List<String> remaining = lines.subList(i + 1, lines.size());
            assertEquals(String.join("\n", remaining), rest.replace("\r\n", "\n"), "after line " + i);
            if (i + 1 < lines.size()) {
                assertEquals(remaining, readSplits(lines(file), List.of(positions.get(i)),
                        new ArrayList<>()), "a reader resumed at the position after line " + i);
            }
        }
    }

    @Test
    void positionsMoveToTheNextFileOfADirectory() throws Exception {
        Path a = write("a.txt", "1\n22\n");
        Path b = write("b.txt", "333\n");
        List<FileSourceSplit> positions = new ArrayList<>();
        List<String> lines = readDirectly(lines(dir), 0, 1, positions);
        assertEquals(List.of("1", "22", "333"), lines);
        assertEquals(List.of(at(a, 2), at(a, 5), at(b, 4)), positions);
    }

    private List<Path> writeNumberedFiles(int files, int linesEach) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < linesEach; l++) {
                sb.append("f").append(f).append("-l").append(l).append('\n');
            }
            paths.add(write("file-" + f + ".txt", sb.toString()));
        }
        return paths;
    }

    @Test
    void filesBelowADirectoryAreSpreadOverTheSubtasksByTheirSortedIndexAndHiddenOnesAreSkipped() throws Exception {
        writeNumberedFiles(5, 3);
        write(".hidden", "secret\n");
        write("_SUCCESS", "marker\n");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("nested-l0.txt"), "nested-l0\n");
        Files.createDirectory(dir.resolve(".staging"));
        Files.writeString(dir.resolve(".staging").resolve("x.txt"), "staged\n");
        FileSource<String> source = lines(dir);
        Map<Integer, Set<String>> filesPerSubtask = new TreeMap<>();
        for (int s = 0; s < 2; s++) {
            List<String> lines = readDirectly(source, s, 2, new ArrayList<>());
            filesPerSubtask.put(s, lines.stream().map(l -> l.substring(0, l.indexOf('-'))).collect(
                    Collectors.toCollection(java.util.TreeSet::new)));
        }
        // sorted: file-0 .. file-4, then sub/nested-l0.txt (index 5, subtask 1)
        assertEquals(Map.of(0, Set.of("f0", "f2", "f4"), 1, Set.of("f1", "f3", "nested")), filesPerSubtask);
    }

    @Test
    void severalPathsAreReadAsOneSetOfFilesAndAFileNamedTwiceOnce() throws Exception {
        Path a = write("a.txt", "a1\na2\n");
        Files.createDirectory(dir.resolve("more"));
        Files.writeString(dir.resolve("more").resolve("b.txt"), "b1\n");
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(a.toString()), new dev.weir.api.fs.Path(dir.resolve("more").toUri()),
                new dev.weir.api.fs.Path(a.toUri())).build();
        assertEquals(List.of("a1", "a2", "b1"), readDirectly(source, 0, 1, new ArrayList<>()));
    }

    @Test
    void aCharsetOtherThanUtf8IsDecodedAndOneThatIsNotAsciiCompatibleIsRefused() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), "größe\nçà\n".getBytes(StandardCharsets.ISO_8859_1));
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat("ISO-8859-1"),
                new dev.weir.api.fs.Path(file.toUri())).build();
        assertEquals(List.of("größe", "çà"), readDirectly(source, 0, 1, new ArrayList<>()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TextLineInputFormat("UTF-16"));
        assertTrue(e.getMessage().contains("UTF-16") && e.getMessage().contains("ASCII"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new TextLineInputFormat("no-such-charset"));
        assertTrue(unknown.getMessage().contains("'no-such-charset'"), unknown.getMessage());
    }

    @Test
    void aDirectoryReadInParallelYieldsEveryLineOnceAndUsesEverySubtask() throws IOException {
        writeNumberedFiles(7, 200);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<KeyValue<Integer, String>> sink = new CollectSink<>();
        env.readTextFile(dir.toString()).map(new SubtaskTag<String>()).sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            for (int l = 0; l < 200; l++) {
                expected.add("f" + f + "-l" + l);
            }
        }
        List<String> lines = sink.results().stream().map(KeyValue::value).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), lines);
        Map<Integer, Set<String>> files = sink.results().stream().collect(Collectors.groupingBy(KeyValue::key,
                TreeMap::new, Collectors.mapping(r -> r.value().substring(0, r.value().indexOf('-')),
                        Collectors.toCollection(java.util.TreeSet::new))));
        assertEquals(Map.of(0, Set.of("f0", "f3", "f6"), 1, Set.of("f1", "f4"), 2, Set.of("f2", "f5")), files);
    }

    @Test
    void moreSubtasksThanFilesLeavesSomeSubtasksIdle() throws Exception {
        writeNumberedFiles(1, 2);
        FileSource<String> source = lines(dir);
        assertEquals(List.of("f0-l0", "f0-l1"), readDirectly(source, 0, 3, new ArrayList<>()));
        assertEquals(List.of(), readDirectly(source, 2, 3, new ArrayList<>()));
    }

    @Test
    void validateNamesAMissingPath() {
        Path missing = dir.resolve("gone.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lines(missing).validate());
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aFileThatDisappearsBeforeItIsOpenedFailsTheJobNamingTheFile() throws IOException {
        write("a.txt", "first\nsecond\n");
        Path later = write("b.txt", "never read\n");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.readTextFile(dir.toString()).name("Lines")
                .map(line -> { // chained: runs before the reader moves on to b.txt
                    Files.deleteIfExists(later);
                    return line;
                })
                .sinkTo(new CollectSink<>());
        JobExecutionResult result = assertThrows(JobExecutionException.class, env::execute).getJobResult();
        assertEquals(JobStatus.FAILED, result.status());
        String message = String.valueOf(result.failureCause());
        assertTrue(message.contains("'Lines'") && message.contains(later.toAbsolutePath().toString()), message);
    }
}
