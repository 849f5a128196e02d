package dev.weir.flink.translate.io;

import dev.weir.api.serialization.TypeSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes a {@link WeirSplit} into Flink's checkpoints (reader state, enumerator state, split assignments): its id,
 * then the split value written by Weir's serializer of the source's split type. Version 1.
 */
final class WeirSplitSerializer<S> implements SimpleVersionedSerializer<WeirSplit<S>> {

    private final SourceRef ref;
    private transient TypeSerializer<S> splits;

    WeirSplitSerializer(SourceRef ref) {
        this.ref = ref;
    }

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(WeirSplit<S> split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        write(split, out);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public WeirSplit<S> deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("split of source " + ref.node() + " was written in format " + version
                    + ", this runner reads format 1");
        }
        return read(new DataInputStream(new ByteArrayInputStream(serialized)));
    }

    void write(WeirSplit<S> split, DataOutputStream out) throws IOException {
        out.writeUTF(split.id());
        splits().serialize(split.split(), out);
    }

    WeirSplit<S> read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        return new WeirSplit<>(id, splits().deserialize(in));
    }

    private TypeSerializer<S> splits() {
        if (splits == null) {
            splits = ref.splitSerializer();
        }
        return splits;
    }
}
