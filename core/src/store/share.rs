//! Share bundle storage (being written).
