//! Semantics of the SIMD (`v128`) operators as pure functions on lanes.
