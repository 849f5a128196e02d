package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorStateRedistributionTest {

    private static Map<String, OperatorStateBackend.RawList> image(OperatorStateBackend.Mode mode, String... elements) {
        List<byte[]> bytes = new ArrayList<>();
        for (String e : elements) {
            bytes.add(e.getBytes());
        }
        Map<String, OperatorStateBackend.RawList> image = new LinkedHashMap<>();
        image.put("positions", new OperatorStateBackend.RawList(mode, bytes));
        return image;
    }

    private static List<String> share(List<Map<String, OperatorStateBackend.RawList>> images, int subtask, int p) {
        List<String> out = new ArrayList<>();
        OperatorStateBackend.RawList list = OperatorStateBackend.redistribute(images, subtask, p).get("positions");
        if (list != null) {
            list.elements().forEach(b -> out.add(new String(b)));
        }
        return out;
    }

    @Test
    void withTheSameParallelism_eachSubtaskGetsItsOwnElementsBack() {
        var images = List.of(image(OperatorStateBackend.Mode.SPLIT, "a", "b", "c"),
                image(OperatorStateBackend.Mode.SPLIT, "d"));
        assertEquals(List.of("a", "b", "c"), share(images, 0, 2));
        assertEquals(List.of("d"), share(images, 1, 2));
    }

    @Test
    void splitListsAreDealtRoundRobinOnRescale_everyElementExactlyOnce() {
        var images = List.of(image(OperatorStateBackend.Mode.SPLIT, "a", "b", "c"),
                image(OperatorStateBackend.Mode.SPLIT, "d", "e"));
        for (int p : new int[] {1, 3, 5}) {
            List<String> all = new ArrayList<>();
            for (int s = 0; s < p; s++) {
                List<String> mine = share(images, s, p);
                assertEquals(true, mine.size() <= (5 + p - 1) / p, "balanced at p=" + p);
                all.addAll(mine);
            }
            assertEquals(5, all.size(), "p=" + p);
            assertEquals(Set.of("a", "b", "c", "d", "e"), new HashSet<>(all));
        }
    }

    @Test
    void unionListsGoWholeToEverySubtask() {
        var images = List.of(image(OperatorStateBackend.Mode.UNION, "a"), image(OperatorStateBackend.Mode.UNION, "b"));
        for (int s = 0; s < 3; s++) {
            assertEquals(List.of("a", "b"), share(images, s, 3));
        }
    }

    @Test
    void broadcastStateGoesToEverySubtaskAtAnyParallelism_asTheCopyOfOldSubtaskZero() {
        var images = List.of(image(OperatorStateBackend.Mode.BROADCAST, "k1v1", "k2v2"),
                image(OperatorStateBackend.Mode.BROADCAST, "k1v1", "k2v2"));
        for (int p : new int[] {1, 2, 3}) {
            for (int s = 0; s < p; s++) {
                assertEquals(List.of("k1v1", "k2v2"), share(images, s, p), "subtask " + s + " of " + p + ": one copy");
            }
        }
        var onlySecond = List.of(new LinkedHashMap<String, OperatorStateBackend.RawList>(),
                image(OperatorStateBackend.Mode.BROADCAST, "k3v3"));
        assertEquals(List.of("k3v3"), share(onlySecond, 2, 3), "the first old subtask that has the state");
    }
}
