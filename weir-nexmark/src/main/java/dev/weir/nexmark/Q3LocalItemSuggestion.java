package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.Person;
import java.util.Set;

/**
 * Nexmark q3, local item suggestion: who sells in category 10 from Oregon, Idaho or California, and
 * which auctions.
 *
 * <pre>
 * SELECT P.name, P.city, P.state, A.id
 * FROM auction A INNER JOIN person P ON A.seller = P.id
 * WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')
 * </pre>
 *
 * A regular (unwindowed) keyed inner join, written as a user would with the DataStream API: both
 * sides filtered first, then {@code auctions.connect(persons).keyBy(seller, id)} →
 * {@link JoinSellers}, a {@code KeyedCoProcessFunction} holding per seller id the person (Nexmark's
 * person ids are unique: one person per key) and the auctions that arrived before their seller.
 * Like the SQL's join it emits a row for each matching pair as soon as its second side arrives, in
 * whichever order the two inputs deliver them; event time plays no part.
 *
 * <p>State: the person of a key is kept for the life of the job, since an auction of that seller may
 * come at any later time; an auction waits only until its seller arrives (it is joined at once and
 * dropped, because no second person with its seller's id will come). No TTL: the SQL's regular join
 * keeps its state forever (Flink's {@code table.exec.state.ttl} is 0, never, by default, and nexmark
 * does not set it), and an expiring person would silently lose rows the SQL emits — so the state
 * grows with the number of persons in those states (half of all persons), as Flink's does.
 *
 * <p>Output: {@link Row} {@code name, city, state, id} (the auction's id), one per matching auction.
 */
public final class Q3LocalItemSuggestion {
    /** The category whose auctions are suggested. */
    public static final long CATEGORY = 10;
    /** The states whose sellers are local. */
    public static final Set<String> STATES = Set.of("OR", "ID", "CA");

    private Q3LocalItemSuggestion() {
    }

    /** A result row: {@code name, city, state, id} (the seller's name, city and state, the auction's id). */
    public record Row(String name, String city, String state, long id) {
        @Override
        public String toString() {
            return Csv.text(name) + "," + Csv.text(city) + "," + Csv.text(state) + "," + id;
        }
    }

    /** What the join keeps of a person: the columns of the result. */
    public record Seller(String name, String city, String state) {
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        DataStream<Auction> auctions = NexmarkViews.auctions(events)
                .filter(auction -> auction.category() == CATEGORY).name("q3-category").uid("q3-category");
        DataStream<Person> persons = NexmarkViews.persons(events)
                .filter(person -> STATES.contains(person.state())).name("q3-states").uid("q3-states");
        return auctions.connect(persons)
                .keyBy(Auction::seller, Person::id)
                .process(new JoinSellers()).name("q3").uid("q3");
    }

    /**
     * The inner join per seller id: input 1 auctions, input 2 persons. An auction whose seller is known
     * is joined at once; otherwise its id waits in {@code waiting} until the person arrives, who then
     * joins every waiting auction and clears them.
     */
    static final class JoinSellers extends KeyedCoProcessFunction<Long, Auction, Person, Row> {
        private transient ValueState<Seller> seller;
        private transient ListState<Long> waiting;

        @Override
        public void open(OpenContext openContext) {
            seller = getRuntimeContext().getState(new ValueStateDescriptor<>("seller", Seller.class));
            waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-auctions", Long.class));
        }

        @Override
        public void processElement1(Auction auction, Context ctx, Collector<Row> out) throws Exception {
            Seller known = seller.value();
            if (known != null) {
                out.collect(new Row(known.name(), known.city(), known.state(), auction.id()));
            } else {
                waiting.add(auction.id());
            }
        }

        @Override
        public void processElement2(Person person, Context ctx, Collector<Row> out) throws Exception {
            Seller known = new Seller(person.name(), person.city(), person.state());
            seller.update(known);
            for (Long auction : waiting.get()) {
                out.collect(new Row(known.name(), known.city(), known.state(), auction));
            }
            waiting.clear();
        }
    }
}
