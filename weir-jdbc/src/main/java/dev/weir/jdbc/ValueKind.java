package dev.weir.jdbc;

import java.util.Set;

/** Which {@link PostgresSink.Row} setter filled a column, and the PostgreSQL types it may go into. */
enum ValueKind {
    UNSET("no setter", null),
    NULL("setNull", null),
    LONG("setLong", Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "money", "oid")),
    INT("setInt", Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "money", "oid")),
    DOUBLE("setDouble", Set.of("float4", "float8", "numeric")),
    BOOLEAN("setBoolean", Set.of("bool")),
    /** Text goes into anything PostgreSQL parses from text (varchar, uuid, json, timestamps, enums), not numbers, booleans or bytes. */
    STRING("setString", null),
    OBJECT("setObject", null);

    private static final Set<String> NOT_FROM_TEXT = Set.of("int2", "int4", "int8", "numeric", "float4", "float8",
            "bool", "bytea", "oid", "money");

    final String setter;
    private final Set<String> types;

    ValueKind(String setter, Set<String> types) {
        this.setter = setter;
        this.types = types;
    }

    /** Whether a value of this kind fits a column of PostgreSQL type {@code typname} (pg_type.typname). */
    boolean fits(String typname) {
        return switch (this) {
            case UNSET, NULL, OBJECT -> true;
            case STRING -> !NOT_FROM_TEXT.contains(typname);
            default -> types.contains(typname);
        };
    }

    /** The kind an object given to setObject is written as. */
    static ValueKind of(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return LONG;
        }
        if (value instanceof Double || value instanceof Float) {
            return DOUBLE;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return OBJECT;
    }
}
