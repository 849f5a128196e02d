package dev.weir.flink.translate.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes the enumerator's {@link UnassignedSplits} into Flink's checkpoints: the number of subtasks with splits,
 * then per subtask its index, the number of its splits and each split ({@link WeirSplitSerializer}). Version 1.
 */
final class UnassignedSplitsSerializer<S> implements SimpleVersionedSerializer<UnassignedSplits<S>> {

    private final WeirSplitSerializer<S> splits;

    UnassignedSplitsSerializer(SourceRef ref) {
        this.splits = new WeirSplitSerializer<>(ref);
    }

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(UnassignedSplits<S> state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(state.bySubtask().size());
        for (Map.Entry<Integer, List<WeirSplit<S>>> entry : state.bySubtask().entrySet()) {
            out.writeInt(entry.getKey());
            out.writeInt(entry.getValue().size());
            for (WeirSplit<S> split : entry.getValue()) {
                splits.write(split, out);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public UnassignedSplits<S> deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("source enumerator state was written in format " + version + ", this runner reads "
                    + "format 1");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        Map<Integer, List<WeirSplit<S>>> bySubtask = new TreeMap<>();
        int subtasks = in.readInt();
        for (int i = 0; i < subtasks; i++) {
            int subtask = in.readInt();
            int count = in.readInt();
            List<WeirSplit<S>> list = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                list.add(splits.read(in));
            }
            bySubtask.put(subtask, list);
        }
        return new UnassignedSplits<>(bySubtask);
    }
}
