package dev.weir.runtime;

import java.util.BitSet;

/**
 * The input channels of one task, read round-robin one element at a time, in order per channel.
 * Knows which channels have ended, and which are blocked for barrier alignment: a blocked channel
 * is skipped, so its elements stay queued and backpressure builds upstream. The channels of a
 * two-input task are those of both inputs in one gate (so one barrier alignment covers both);
 * {@link #inputOf} tells which input a channel feeds.
 */
public final class InputGate {
    private final Channel[] channels;
    private final boolean[] ended;
    private final boolean[] blocked;
    private final BitSet endedSet;
    private final int[] inputOf;
    private final int[] indexInInput;
    private final int[] channelsPerInput = new int[2];
    private int endedCount;
    private int next;
    private int lastChannel = -1;

    /** The channels of a one-input task. */
    public InputGate(Channel[] channels) {
        this(channels, new int[channels.length]);
    }

    /** {@code inputOf[i]}: the input (0 or 1) channel {@code i} feeds. */
    public InputGate(Channel[] channels, int[] inputOf) {
        if (inputOf.length != channels.length) {
            throw new IllegalArgumentException(channels.length + " channels but " + inputOf.length + " input indexes");
        }
        this.channels = channels;
        this.inputOf = inputOf.clone();
        this.indexInInput = new int[channels.length];
        for (int i = 0; i < channels.length; i++) {
            indexInInput[i] = channelsPerInput[inputOf[i]]++;
        }
        this.ended = new boolean[channels.length];
        this.blocked = new boolean[channels.length];
        this.endedSet = new BitSet(channels.length);
    }

    /** Holds back {@code channel} until {@link #unblockAll}. */
    public void block(int channel) {
        blocked[channel] = true;
    }

    public void unblockAll() {
        java.util.Arrays.fill(blocked, false);
    }

    /** The channels that have ended (read-only view for the aligner). */
    public BitSet endedChannels() {
        return endedSet;
    }

    /** The next element of any channel that has one, or {@code null}. */
    public Object poll() {
        int n = channels.length;
        for (int i = 0; i < n; i++) {
            int index = next;
            next = next + 1 == n ? 0 : next + 1;
            if (!ended[index] && !blocked[index]) {
                Object element = channels[index].poll();
                if (element != null) {
                    lastChannel = index;
                    return element;
                }
            }
        }
        return null;
    }

    /** Hands {@code batch}, taken from {@code channel} and processed, back to that channel's producer. */
    public void recycle(int channel, RecordBatch batch) {
        channels[channel].recycle(batch);
    }

    /** The channel of the element last returned by {@link #poll}. */
    public int lastChannel() {
        return lastChannel;
    }

    public void markEnded(int channel) {
        if (!ended[channel]) {
            ended[channel] = true;
            endedSet.set(channel);
            endedCount++;
        }
    }

    public boolean allEnded() {
        return endedCount == channels.length;
    }

    public boolean hasData() {
        for (int i = 0; i < channels.length; i++) {
            if (!ended[i] && !blocked[i] && !channels[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public int channelCount() {
        return channels.length;
    }

    /** The input (0, or 1 for the second input of a two-input task) that {@code channel} feeds. */
    public int inputOf(int channel) {
        return inputOf[channel];
    }

    /** The position of {@code channel} among the channels of its input. */
    public int indexInInput(int channel) {
        return indexInInput[channel];
    }

    /** How many channels feed input {@code input}. */
    public int channelCount(int input) {
        return channelsPerInput[input];
    }

    /** Whether channels feed a second input: the task's head is a two-input operator. */
    public boolean hasTwoInputs() {
        return channelsPerInput[1] > 0;
    }
}
