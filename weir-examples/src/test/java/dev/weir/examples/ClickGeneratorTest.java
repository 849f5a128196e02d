package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.ClickGenerator.Click;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The click stream of the sessions job: its disorder is bounded except for the late clicks, and it repeats exactly. */
class ClickGeneratorTest {

    @Test
    void everyClickButTheLateOnesIsLessThanTheDisorderBehindEveryClickBeforeIt() {
        long largest = 0; // before every click
        long late = 0;
        for (long seq = 0; seq < 200_000; seq++) {
            Click click = ClickGenerator.click(seq, 100);
            if (ClickGenerator.isLate(seq)) {
                late++;
                assertEquals(ClickGenerator.START + seq * ClickGenerator.STEP - ClickGenerator.LATE_BY.toMillis(),
                        click.timestamp());
            } else {
                assertTrue(click.timestamp() > largest - ClickGenerator.MAX_DISORDER.toMillis(), "click " + seq);
                largest = Math.max(largest, click.timestamp());
            }
        }
        assertEquals(200, late);
    }

    @Test
    void theSameSeqGivesTheSameClick_andTheUsersAreSpreadOverAll() {
        Set<Long> users = new HashSet<>();
        for (long seq = 0; seq < 10_000; seq++) {
            assertEquals(ClickGenerator.click(seq, 50), ClickGenerator.click(seq, 50));
            users.add(ClickGenerator.click(seq, 50).user());
        }
        assertEquals(50, users.size());
    }

    @Test
    void clicksArriveOutOfOrder() {
        int outOfOrder = 0;
        for (long seq = 1; seq < 1_000; seq++) {
            if (ClickGenerator.click(seq, 10).timestamp() < ClickGenerator.click(seq - 1, 10).timestamp()) {
                outOfOrder++;
            }
        }
        assertTrue(outOfOrder > 100, outOfOrder + " of 1000 clicks came before the click generated before them");
    }
}
