package com.example.events;

/** The job's own class: its name is also one of Weir's, so a wildcard import must not shadow it. */
public record KeyValue(String key, long value) {
}
