package dev.weir.api.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PathTest {

    @Test
    void aLocalPathKeepsItsNamesWithoutDoubleOrTrailingSeparators() {
        Path path = new Path("/data//in/");
        assertEquals("/data/in", path.toString());
        assertEquals("in", path.getName());
        assertEquals(new Path("/data"), path.getParent());
        assertEquals(new Path("/"), path.getParent().getParent());
        assertNull(new Path("/").getParent());
        assertEquals(URI.create("/data/in"), path.toUri());
        assertTrue(path.isAbsolute());
        assertEquals(2, path.depth());
    }

    @Test
    void fileUrisInAnySpellingNameTheSameLocalFile() {
        Path a = new Path("file:///data/in/a.txt");
        Path b = new Path("file:/data/in/a.txt");
        Path c = new Path(URI.create("file:///data/in/a.txt"));
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertEquals("file:/data/in/a.txt", a.toString());
        assertEquals("a.txt", a.getName());
        assertEquals(new Path("file:/data/in"), a.getParent());
        assertEquals(java.nio.file.Path.of("/data/in/a.txt"), a.toLocalPath());
    }

    @Test
    void aChildIsResolvedAgainstItsParentUnlessItIsAbsolute() {
        assertEquals(new Path("/data/in/a.txt"), new Path(new Path("/data/in"), "a.txt"));
        assertEquals(new Path("/data/in/sub/a.txt"), new Path("/data/in", "sub/a.txt"));
        assertEquals(new Path("/other"), new Path(new Path("/data"), new Path("/other")));
        assertEquals(new Path("file:/data/x"), new Path(new Path("file:///data"), "x"));
        assertEquals(new Path("/data/a.txt.tmp"), new Path("/data/a.txt").suffix(".tmp"));
    }

    @Test
    void aRelativePathResolvesAgainstTheWorkingDirectory() {
        Path relative = new Path("in/a.txt");
        assertEquals("in/a.txt", relative.toString());
        assertEquals(java.nio.file.Path.of("in/a.txt").toAbsolutePath(), relative.toLocalPath());
        assertEquals(new Path("in"), relative.getParent());
        assertNull(new Path("a.txt").getParent());
    }

    @Test
    void aLocalFileMakesAFileUri(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        File file = dir.resolve("x y.txt").toFile();
        Path path = Path.fromLocalFile(file);
        assertEquals("x y.txt", path.getName());
        assertEquals(file.toPath().toAbsolutePath(), path.toLocalPath());
    }

    @Test
    void whenAPathUsesAnotherFileSystem_thenItIsRefusedNamingTheSchemeAndWhatWorks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Path("s3://bucket/in"));
        assertTrue(e.getMessage().contains("s3://bucket/in") && e.getMessage().contains("'s3'")
                && e.getMessage().contains("file:///"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Path(URI.create("hdfs://namenode:8020/in")));
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> new Path("file://otherhost/data"));
        assertTrue(host.getMessage().contains("otherhost"), host.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Path(""));
    }
}
