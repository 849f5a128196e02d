package dev.weir.flink.translate.io;

import dev.weir.state.OperatorStateBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes a {@link SinkWriterState} into Flink's checkpoints: subtask, parallelism, the number of lists, then per
 * list its name, redistribution mode and elements (each length-prefixed, as Weir's serializers wrote it). Version 1.
 */
final class SinkWriterStateSerializer implements SimpleVersionedSerializer<SinkWriterState> {

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(SinkWriterState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(state.subtask());
        out.writeInt(state.parallelism());
        out.writeInt(state.image().size());
        for (Map.Entry<String, OperatorStateBackend.RawList> list : state.image().entrySet()) {
            out.writeUTF(list.getKey());
            out.writeByte(list.getValue().mode().ordinal());
            out.writeInt(list.getValue().elements().size());
            for (byte[] element : list.getValue().elements()) {
                out.writeInt(element.length);
                out.write(element);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public SinkWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("sink writer state was written in format " + version + ", this runner reads format 1");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int subtask = in.readInt();
        int parallelism = in.readInt();
        int lists = in.readInt();
        Map<String, OperatorStateBackend.RawList> image = new LinkedHashMap<>();
        OperatorStateBackend.Mode[] modes = OperatorStateBackend.Mode.values();
        for (int i = 0; i < lists; i++) {
            String name = in.readUTF();
            OperatorStateBackend.Mode mode = modes[in.readByte()];
            int count = in.readInt();
            List<byte[]> elements = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                byte[] element = new byte[in.readInt()];
                in.readFully(element);
                elements.add(element);
            }
            image.put(name, new OperatorStateBackend.RawList(mode, elements));
        }
        return new SinkWriterState(subtask, parallelism, image);
    }
}
