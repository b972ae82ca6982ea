//! Unit tests of the syscalls, calling them directly on a byte array.
