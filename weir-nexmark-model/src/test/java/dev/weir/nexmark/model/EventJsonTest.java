package dev.weir.nexmark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJsonTest {
    @TempDir
    Path dir;

    @Test
    void generatedEventsSurviveAFileRoundTrip() throws IOException {
        List<Event> events = new NexmarkGenerator(GeneratorConfig.defaults().withSeed(7)).events(2_000);
        Path file = dir.resolve("events.json");
        EventJson.writeAll(file, events.iterator());
        assertEquals(2_000, Files.readAllLines(file).size());
        assertEquals(events, EventJson.readAll(file));
    }

    @Test
    void writesTheShapeOfTheIssue() {
        Event bid = Event.of(new Bid(1000, 1001, 2500, "Google", "https://x/\"q\"", 1234, "pad"));
        assertEquals("{\"event_type\":2,\"bid\":{\"auction\":1000,\"bidder\":1001,\"price\":2500,\"channel\":\"Google\","
                + "\"url\":\"https://x/\\\"q\\\"\",\"dateTime\":1234,\"extra\":\"pad\"}}", EventJson.toJson(bid));
        Event person = Event.of(new Person(1000, "Kate Smith", "a@b.com", "0001 0002 0003 0004", "Kent", "WA", 5,
                "é\n"));
        assertEquals(person, EventJson.parse(EventJson.toJson(person)));
    }

    @Test
    void keysInAnyOrderAndSpacesAreRead() {
        Event event = EventJson.parse(" { \"bid\" : {\"extra\":\"\",\"dateTime\":9,\"url\":\"u\",\"channel\":\"c\","
                + "\"price\":3,\"bidder\":2,\"auction\":1} , \"event_type\" : 2 } ");
        assertEquals(Event.of(new Bid(1, 2, 3, "c", "u", 9, "")), event);
    }

    @Test
    void theOtherTwoObjectsMayBeNullAsInNexmarksOwnRows() {
        Event event = EventJson.parse("{\"event_type\":2,\"person\":null,\"auction\":null,\"bid\":{\"auction\":1,"
                + "\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":9,\"extra\":\"\"}}");
        assertEquals(Event.of(new Bid(1, 2, 3, "c", "u", 9, "")), event);
        assertMalformed("{\"event_type\":2,\"bid\":null}", "needs the object \"bid\", got null");
        assertMalformed("{\"event_type\":2,\"event_type\":null}", "the key \"event_type\" is given twice");
    }

    @Test
    void aMalformedLineFailsWithTheFileAndLineNumber() throws IOException {
        Path file = dir.resolve("bad.json");
        List<String> lines = new ArrayList<>();
        for (Event event : new NexmarkGenerator(GeneratorConfig.defaults()).events(3)) {
            lines.add(EventJson.toJson(event));
        }
        lines.add("{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3.5,\"channel\":\"c\",\"url\":\"u\","
                + "\"dateTime\":9,\"extra\":\"\"}}");
        Files.write(file, lines);
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> EventJson.readAll(file));
        assertTrue(e.getMessage().startsWith(file + ":4: expected a whole number"), e.getMessage());
    }

    @Test
    void everyKindOfMistakeIsNamed() {
        assertMalformed("{\"event_type\":3,\"bid\":{}}", "\"event_type\" must be 0, 1 or 2");
        assertMalformed("{\"event_type\":0,\"bid\":{}}", "needs the object \"person\"");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":1}}", "\"bid\" lacks the field \"bidder\"");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":1,\"auction\":2}}", "the key \"auction\" is given twice");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":\"1\",\"bidder\":2,\"price\":3,\"channel\":\"c\","
                + "\"url\":\"u\",\"dateTime\":9,\"extra\":\"\"}}", "\"bid.auction\" must be a whole number");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\","
                + "\"url\":\"u\",\"dateTime\":9,\"extra\":\"\",\"x\":1}}", "unexpected key \"x\" in \"bid\"");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":1}} x", "unexpected text after the event");
        assertMalformed("", "expected '{' at column 1, found the end of the line");
        assertMalformed("{\"event_type\":2,\"bid\":{\"auction\":null}}", "expected a string, a whole number");
    }

    private static void assertMalformed(String line, String message) {
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> EventJson.parse(line));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
