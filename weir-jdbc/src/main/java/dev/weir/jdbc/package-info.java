/**
 * Sinks into relational databases. {@link dev.weir.jdbc.PostgresSink} writes a stream into a
 * PostgreSQL table exactly once: one database transaction per subtask and checkpoint, made durable
 * with {@code PREPARE TRANSACTION} before the checkpoint is acknowledged and committed with
 * {@code COMMIT PREPARED} when it completes, with a progress table as proof of each commit. For
 * databases without prepared transactions it offers idempotent write-ahead upserts
 * ({@link dev.weir.jdbc.PostgresSinkBuilder#setWriteAhead}).
 */
package dev.weir.jdbc;
