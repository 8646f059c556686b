//! Adherence analytics (being written).
