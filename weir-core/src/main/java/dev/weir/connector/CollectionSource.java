package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The elements of a collection, in order, from one subtask. Its position is the next index. */
public final class CollectionSource<T> implements Source<T> {
    private final List<T> elements;

    public CollectionSource(Collection<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public int maxSupportedParallelism() {
        return 1;
    }

    @Override
    public SourceReader<T> createReader(SourceContext context) {
        return new SourceReader<>() {
            private int next;

            @Override
            public InputStatus pollNext(Collector<T> output) {
                int limit = Math.min(elements.size(), next + 256);
                while (next < limit) {
                    output.collect(elements.get(next++));
                }
                return next >= elements.size() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
            }
        };
    }
}
