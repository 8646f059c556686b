//! Care team, care plan, consent and the disclosure policy (being written).
