//! capvm core (work in progress).
