package dev.weir.jdbc;
