package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionIdsTest {

    @Test
    void aGidIsPrefixSubtaskAndCheckpointAndParsesBack() {
        TransactionIds ids = new TransactionIds("job-sink");
        String gid = ids.gid(3, 1234567890123L);
        assertEquals("job-sink:3:1234567890123", gid);
        assertEquals(3, ids.subtaskOf(gid));
        assertEquals(1234567890123L, ids.checkpointOf(gid));
    }

    @Test
    void gidsOfAnotherPrefixThatStartsTheSameAreNotClaimed() {
        TransactionIds ids = new TransactionIds("a");
        assertEquals(-1, ids.subtaskOf("a:1:2:3"), "prefix a:1");
        assertEquals(-1, ids.subtaskOf("ab:1:2"), "prefix ab");
        assertEquals(-1, ids.subtaskOf("b:1:2"));
        assertEquals(-1, ids.subtaskOf("a:x:2"));
        assertEquals(2, new TransactionIds("a:1").subtaskOf("a:1:2:3"));
    }

    @Test
    void theLongestGidFitsPostgresLimit() {
        String prefix = "é".repeat(86) + "x"; // 173 bytes
        TransactionIds ids = new TransactionIds(prefix);
        assertTrue(ids.gid(32767, Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8).length <= 199);
    }

    @Test
    void aPrefixThatMakesGidsTooLongIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresSink.<Long>builder().setTransactionIdPrefix("x".repeat(174)));
        assertTrue(e.getMessage().contains("setTransactionIdPrefix") && e.getMessage().contains("174 bytes"), e.getMessage());
    }

    @Test
    void quotesInAGidAreDoubledInItsLiteral() {
        assertEquals("'it''s:0:1'", TransactionIds.literal("it's:0:1"));
    }
}
