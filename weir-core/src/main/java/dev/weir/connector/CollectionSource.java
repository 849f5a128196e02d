package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The elements of a collection, in order, from one subtask. Its split is the next index. */
public final class CollectionSource<T> implements Source<T, CollectionSource.Position> {
    private final List<T> elements;

    /** The index of the next element to emit. */
    public record Position(int next) {
    }

    public CollectionSource(Collection<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public int maxSupportedParallelism() {
        return 1;
    }

    @Override
    public List<Position> initialSplits(int subtaskIndex, int parallelism) {
        return subtaskIndex == 0 ? List.of(new Position(0)) : List.of();
    }

    @Override
    public Class<Position> splitType() {
        return Position.class;
    }

    @Override
    public SourceReader<T, Position> createReader(SourceContext context, List<Position> splits) {
        return new SourceReader<>() {
            private int next = splits.isEmpty() ? elements.size() : splits.get(0).next();

            @Override
            public InputStatus pollNext(Collector<T> output) {
                int limit = Math.min(elements.size(), next + 256);
                while (next < limit) {
                    output.collect(elements.get(next++));
                }
                return next >= elements.size() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
            }

            @Override
            public String positionOfLastRecord() {
                return "collection element " + (next - 1);
            }

            @Override
            public List<Position> snapshotSplits() {
                return next < elements.size() ? List.of(new Position(next)) : List.of();
            }
        };
    }
}
