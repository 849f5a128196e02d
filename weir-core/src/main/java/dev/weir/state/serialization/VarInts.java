package dev.weir.state.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Unsigned variable-length ints (7 bits a byte), for lengths and counts. */
public final class VarInts {
    /** No length in a state file may claim more than this (a corrupt length fails fast, not with OOM). */
    static final int MAX_LENGTH = 1 << 30;

    private VarInts() {
    }

    public static void write(int value, DataOutput out) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative length " + value);
        }
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    public static int readLength(DataInput in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0 || value > MAX_LENGTH) {
                    throw new IOException("corrupt length " + value);
                }
                return value;
            }
        }
        throw new IOException("corrupt variable-length int");
    }
}
