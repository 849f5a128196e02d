package dev.weir.nexmark.model;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as JSON lines, one event a line, in the shape of issue 14 (the rows of Nexmark's Flink
 * table, times as epoch ms):
 * <pre>
 * {"event_type":0,"person":{"id":..,"name":..,"emailAddress":..,"creditCard":..,"city":..,"state":..,"dateTime":..,"extra":..}}
 * {"event_type":1,"auction":{"id":..,"itemName":..,"description":..,"initialBid":..,"reserve":..,"dateTime":..,"expires":..,"seller":..,"category":..,"extra":..}}
 * {"event_type":2,"bid":{"auction":..,"bidder":..,"price":..,"channel":..,"url":..,"dateTime":..,"extra":..}}
 * </pre>
 * {@link #write} writes exactly these fields in this order. {@link #parse} is strict: any order of
 * the keys, but every field present once, no other key, numbers whole, strings not null, and the
 * object named by {@code event_type} (the other two may be there as {@code null}, as nexmark's own
 * JSON rows have them); anything else is a {@link MalformedEventException} saying what and at which
 * column. {@link #readAll} adds the file and line number. Stateless, thread-safe.
 */
public final class EventJson {
    private static final List<String> PERSON_FIELDS = List.of("id", "name", "emailAddress", "creditCard", "city",
            "state", "dateTime", "extra");
    private static final List<String> AUCTION_FIELDS = List.of("id", "itemName", "description", "initialBid",
            "reserve", "dateTime", "expires", "seller", "category", "extra");
    private static final List<String> BID_FIELDS = List.of("auction", "bidder", "price", "channel", "url",
            "dateTime", "extra");

    private EventJson() {
    }

    /** One line of JSON (without line terminator). */
    public static String toJson(Event event) {
        StringBuilder out = new StringBuilder(256);
        write(event, out);
        return out.toString();
    }

    /** Appends {@code event} as one line of JSON, without line terminator. */
    public static void write(Event event, StringBuilder out) {
        out.append("{\"event_type\":").append(event.eventType());
        switch (event.eventType()) {
            case Event.PERSON -> {
                Person p = event.person();
                out.append(",\"person\":{\"id\":").append(p.id());
                string(out, "name", p.name());
                string(out, "emailAddress", p.emailAddress());
                string(out, "creditCard", p.creditCard());
                string(out, "city", p.city());
                string(out, "state", p.state());
                out.append(",\"dateTime\":").append(p.dateTime());
                string(out, "extra", p.extra());
            }
            case Event.AUCTION -> {
                Auction a = event.auction();
                out.append(",\"auction\":{\"id\":").append(a.id());
                string(out, "itemName", a.itemName());
                string(out, "description", a.description());
                out.append(",\"initialBid\":").append(a.initialBid());
                out.append(",\"reserve\":").append(a.reserve());
                out.append(",\"dateTime\":").append(a.dateTime());
                out.append(",\"expires\":").append(a.expires());
                out.append(",\"seller\":").append(a.seller());
                out.append(",\"category\":").append(a.category());
                string(out, "extra", a.extra());
            }
            default -> {
                Bid b = event.bid();
                out.append(",\"bid\":{\"auction\":").append(b.auction());
                out.append(",\"bidder\":").append(b.bidder());
                out.append(",\"price\":").append(b.price());
                string(out, "channel", b.channel());
                string(out, "url", b.url());
                out.append(",\"dateTime\":").append(b.dateTime());
                string(out, "extra", b.extra());
            }
        }
        out.append("}}");
    }

    private static void string(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes {@code events} to {@code file}, one a line (UTF-8), replacing the file. */
    public static void writeAll(Path file, Iterator<Event> events) throws IOException {
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (events.hasNext()) {
                line.setLength(0);
                write(events.next(), line);
                out.append(line).append('\n');
            }
        }
    }

    /**
     * All events of {@code file} (UTF-8, one a line; empty lines are malformed).
     *
     * @throws MalformedEventException naming the file and line number of the first malformed line
     */
    public static List<Event> readAll(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                events.add(parse(line, file.toString(), lineNumber));
            }
        }
        return events;
    }

    /** {@link #parse(String)}, with the file and line number in the exception if the line is malformed. */
    public static Event parse(String line, String file, long lineNumber) {
        try {
            return parse(line);
        } catch (MalformedEventException e) {
            throw new MalformedEventException(file + ":" + lineNumber + ": " + e.getMessage());
        }
    }

    /** The event of one line of JSON. */
    public static Event parse(String line) {
        Parser p = new Parser(line);
        Map<String, Object> top = p.object(true);
        p.end();
        Object type = top.remove("event_type");
        if (!(type instanceof Long t) || t < 0 || t > 2) {
            throw new MalformedEventException("\"event_type\" must be 0, 1 or 2, was " + describe(type));
        }
        String name = t == Event.PERSON ? "person" : t == Event.AUCTION ? "auction" : "bid";
        Object body = top.remove(name);
        if (!(body instanceof Map<?, ?>)) {
            throw new MalformedEventException("an event of event_type " + t + " needs the object \"" + name
                    + "\", got " + describe(body));
        }
        for (String other : List.of("person", "auction", "bid")) {
            if (top.get(other) == NULL) {
                top.remove(other);
            }
        }
        if (!top.isEmpty()) {
            throw new MalformedEventException("unexpected key \"" + top.keySet().iterator().next()
                    + "\" in an event of event_type " + t);
        }
        @SuppressWarnings("unchecked")
        Fields f = new Fields(name, (Map<String, Object>) body);
        Event event = switch (t.intValue()) {
            case Event.PERSON -> {
                f.expect(PERSON_FIELDS);
                yield Event.of(new Person(f.number("id"), f.text("name"), f.text("emailAddress"),
                        f.text("creditCard"), f.text("city"), f.text("state"), f.number("dateTime"), f.text("extra")));
            }
            case Event.AUCTION -> {
                f.expect(AUCTION_FIELDS);
                yield Event.of(new Auction(f.number("id"), f.text("itemName"), f.text("description"),
                        f.number("initialBid"), f.number("reserve"), f.number("dateTime"), f.number("expires"),
                        f.number("seller"), f.number("category"), f.text("extra")));
            }
            default -> {
                f.expect(BID_FIELDS);
                yield Event.of(new Bid(f.number("auction"), f.number("bidder"), f.number("price"),
                        f.text("channel"), f.text("url"), f.number("dateTime"), f.text("extra")));
            }
        };
        return event;
    }

    /** A JSON {@code null} at the top level of a line. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String s ? "the string \"" + s + "\"" : value instanceof Map ? "an object"
                : value.toString();
    }

    /** The fields of one person, auction or bid object. */
    private record Fields(String object, Map<String, Object> values) {
        void expect(List<String> names) {
            for (String key : values.keySet()) {
                if (!names.contains(key)) {
                    throw new MalformedEventException("unexpected key \"" + key + "\" in \"" + object + "\"");
                }
            }
            for (String name : names) {
                if (!values.containsKey(name)) {
                    throw new MalformedEventException("\"" + object + "\" lacks the field \"" + name + "\"");
                }
            }
        }

        long number(String name) {
            if (values.get(name) instanceof Long n) {
                return n;
            }
            throw new MalformedEventException("\"" + object + "." + name + "\" must be a whole number, was "
                    + describe(values.get(name)));
        }

        String text(String name) {
            if (values.get(name) instanceof String s) {
                return s;
            }
            throw new MalformedEventException("\"" + object + "." + name + "\" must be a string, was "
                    + describe(values.get(name)));
        }
    }

    /** A strict reader of the two levels of objects an event line has: strings, whole numbers, objects. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> object(boolean nestedAllowed) {
            skipSpace();
            expect('{');
            Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                at++;
                return fields;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value;
                char c = peek();
                if (c == '"') {
                    value = string();
                } else if (c == '{' && nestedAllowed) {
                    value = object(false);
                } else if (nestedAllowed && text.startsWith("null", at)) {
                    at += 4;
                    value = NULL;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    value = number();
                } else {
                    throw error("expected a string, a whole number" + (nestedAllowed ? " or an object" : "")
                            + " as the value of \"" + key + "\"");
                }
                if (fields.put(key, value) != null) {
                    throw error("the key \"" + key + "\" is given twice");
                }
                skipSpace();
                char next = peek();
                at++;
                if (next == '}') {
                    return fields;
                }
                if (next != ',') {
                    at--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        void end() {
            skipSpace();
            if (at < text.length()) {
                throw error("unexpected text after the event");
            }
        }

        private long number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            int digits = at;
            while (at < text.length() && Character.isDigit(text.charAt(at)) && text.charAt(at) < 128) {
                at++;
            }
            if (at == digits || (text.charAt(digits) == '0' && at - digits > 1)) {
                at = start;
                throw error("malformed number");
            }
            if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                at = start;
                throw error("expected a whole number");
            }
            try {
                return Long.parseLong(text, start, at, 10);
            } catch (NumberFormatException e) {
                at = start;
                throw error("number out of range of a 64-bit integer");
            }
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c < 0x20) {
                    at--;
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> value.append(e);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            value.append((char) Integer.parseInt(text, at, at + 4, 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        at += 4;
                    }
                    default -> {
                        at--;
                        throw error("unknown escape \\" + e);
                    }
                }
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private MalformedEventException error(String what) {
            String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end of the line";
            return new MalformedEventException(what + " at column " + (at + 1) + ", found " + found);
        }
    }
}
