package dev.weir.api.serialization;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Writes each record as its {@code toString()} followed by a newline ({@code '\n'}), in UTF-8 or a
 * given charset: one line per record.
 *
 * @param <IN> the record type
 */
public class SimpleStringEncoder<IN> implements Encoder<IN> {
    private final Charset charset;

    /** UTF-8 lines. */
    public SimpleStringEncoder() {
        this("UTF-8");
    }

    /** Lines in the charset named {@code charsetName}; an unknown name fails here, naming it. */
    public SimpleStringEncoder(String charsetName) {
        try {
            this.charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SimpleStringEncoder: unknown or unsupported charset '"
                    + charsetName + "'", e);
        }
    }

    @Override
    public void encode(IN element, OutputStream stream) throws IOException {
        stream.write(String.valueOf(element).getBytes(charset));
        stream.write('\n');
    }
}
