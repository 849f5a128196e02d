package dev.weir.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputGateTest {

    private static Channel[] channels(int n) {
        Channel[] channels = new Channel[n];
        for (int i = 0; i < n; i++) {
            channels[i] = new Channel("c" + i, 16, new TaskWakeup());
        }
        return channels;
    }

    private static void put(Channel channel, Object... elements) {
        for (Object e : elements) {
            channel.put(e, new TaskWakeup(), () -> false);
        }
    }

    @Test
    void channelsAreReadRoundRobinOneElementAtATime() {
        Channel[] c = channels(3);
        put(c[0], "a1", "a2", "a3", "a4");
        put(c[1], "b1", "b2");
        put(c[2], "c1");
        InputGate gate = new InputGate(c);
        List<String> order = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        Object e;
        while ((e = gate.poll()) != null) {
            order.add((String) e);
            from.add(gate.lastChannel());
        }
        assertEquals(List.of("a1", "b1", "c1", "a2", "b2", "a3", "a4"), order);
        assertEquals(List.of(0, 1, 2, 0, 1, 0, 0), from);
    }

    @Test
    void aBusyChannelCannotStarveTheOthers() {
        Channel[] c = channels(2);
        put(c[0], 1, 2, 3, 4, 5, 6, 7, 8);
        InputGate gate = new InputGate(c);
        assertEquals(1, gate.poll());
        assertEquals(2, gate.poll());
        put(c[1], "late");
        assertEquals("late", gate.poll(), "the other channel gets the next turn even though it was empty before");
        assertEquals(3, gate.poll());
    }

    @Test
    void anEmptyGateHasNoDataAndPollsNull() {
        InputGate gate = new InputGate(channels(2));
        assertNull(gate.poll());
        assertFalse(gate.hasData());
        assertEquals(2, gate.channelCount());
        assertFalse(gate.allEnded());
    }

    @Test
    void endOfInputComesAfterTheRecordsOfItsChannelAndEndedChannelsAreSkipped() {
        Channel[] c = channels(2);
        put(c[0], "x", ControlEvent.EndOfInput.INSTANCE);
        put(c[1], "y");
        InputGate gate = new InputGate(c);
        assertEquals("x", gate.poll());
        assertEquals("y", gate.poll());
        assertSame(ControlEvent.EndOfInput.INSTANCE, gate.poll());
        assertEquals(0, gate.lastChannel());
        gate.markEnded(0);
        gate.markEnded(0); // idempotent
        assertFalse(gate.allEnded());

        put(c[0], "after end");
        assertFalse(gate.hasData(), "an ended channel does not count as having data");
        assertNull(gate.poll(), "an ended channel is not read");

        put(c[1], ControlEvent.EndOfInput.INSTANCE);
        assertTrue(gate.hasData());
        assertSame(ControlEvent.EndOfInput.INSTANCE, gate.poll());
        assertEquals(1, gate.lastChannel());
        gate.markEnded(1);
        assertTrue(gate.allEnded());
    }

    @Test
    void theChannelsOfTwoInputsAreOneGate_eachKnowingItsInputAndItsPlaceThere() {
        Channel[] c = channels(4);
        InputGate gate = new InputGate(c, new int[] {0, 1, 1, 0});

        assertEquals(java.util.List.of(0, 1, 1, 0), java.util.List.of(gate.inputOf(0), gate.inputOf(1),
                gate.inputOf(2), gate.inputOf(3)));
        assertEquals(java.util.List.of(0, 0, 1, 1), java.util.List.of(gate.indexInInput(0), gate.indexInInput(1),
                gate.indexInInput(2), gate.indexInInput(3)));
        assertEquals(2, gate.channelCount(0));
        assertEquals(2, gate.channelCount(1));
        assertEquals(4, gate.channelCount());
        assertTrue(gate.hasTwoInputs());
        assertFalse(new InputGate(channels(2)).hasTwoInputs());
    }
}
