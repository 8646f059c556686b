//! Care team and consent storage (being written).
