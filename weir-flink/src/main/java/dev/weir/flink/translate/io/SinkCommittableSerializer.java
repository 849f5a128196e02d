package dev.weir.flink.translate.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Writes a {@link SinkCommittable} into Flink's committer state: subtask, id, the pending transactions' bytes. Version 1. */
final class SinkCommittableSerializer implements SimpleVersionedSerializer<SinkCommittable> {

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(SinkCommittable committable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(committable.subtask());
        out.writeLong(committable.checkpointId());
        out.writeInt(committable.pending().size());
        for (byte[] pending : committable.pending()) {
            out.writeInt(pending.length);
            out.write(pending);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public SinkCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("sink committable was written in format " + version + ", this runner reads format 1");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int subtask = in.readInt();
        long checkpointId = in.readLong();
        int count = in.readInt();
        List<byte[]> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] element = new byte[in.readInt()];
            in.readFully(element);
            pending.add(element);
        }
        return new SinkCommittable(subtask, checkpointId, pending);
    }
}
