//! Demo data (placeholder, filled below).
