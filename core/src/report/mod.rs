//! The clinician report (being written).
