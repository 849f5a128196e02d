package dev.weir.nexmark;

import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.file.StreamFormat;
import dev.weir.connector.file.TextLineInputFormat;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.EventJson;
import dev.weir.nexmark.model.MalformedEventException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Nexmark events from JSON lines ({@link EventJson}), one event a line, for a
 * {@link dev.weir.connector.file.FileSource}. A line that is not an event goes through the source's
 * error policy (by default the job fails) with a {@link MalformedEventException} naming the file and
 * the line number ({@code FILE:LINE: what is wrong}). Immutable; each reader on one subtask's thread.
 */
public final class EventLineFormat implements StreamFormat<Event> {
    private final TextLineInputFormat lines = new TextLineInputFormat();

    @Override
    public Reader<Event> createReader(Context context, InputStream stream) throws IOException {
        StreamFormat.Reader<String> text = lines.createReader(context, stream);
        return new Reader<>() {
            @Override
            public Event read() throws Exception {
                for (String line = text.read(); line != null; line = text.read()) {
                    try {
                        return EventJson.parse(line);
                    } catch (MalformedEventException e) {
                        long offset = text.getLastRecordOffset();
                        context.onMalformedRecord(line, new MalformedEventException(context.file() + ":"
                                + lineNumberAt(Path.of(context.file()), offset) + ": " + e.getMessage()), offset);
                    }
                }
                return null;
            }

            @Override
            public long getOffset() {
                return text.getOffset();
            }

            @Override
            public long getLastRecordOffset() {
                return text.getLastRecordOffset();
            }

            @Override
            public void close() throws IOException {
                text.close();
            }
        };
    }

    @Override
    public TypeInformation<Event> getProducedType() {
        return TypeInformation.of(Event.class);
    }

    /** The number (from 1) of the line that starts at byte {@code offset}: counted only for an error, not per line. */
    static long lineNumberAt(Path file, long offset) throws IOException {
        long line = 1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (long i = 0; i < offset; i++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n') {
                    line++;
                }
            }
        }
        return line;
    }
}
