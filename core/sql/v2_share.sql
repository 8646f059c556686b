-- Version 2: keys, pairing, imported share bundles.

-- This file's share identity (one row). The secret keys are sealed under the
-- host's key-protection secret (see core/src/share/crypto.rs); never in clear.
CREATE TABLE share_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key_id          TEXT NOT NULL,
    sign_public     BLOB NOT NULL CHECK (length(sign_public) = 32),
    kem_public      BLOB NOT NULL CHECK (length(kem_public) = 32),
    wrapped_secret  BLOB NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;

-- Paired public keys: recipients (care-team members this client sends to)
-- and clients (whose bundles this file imports).
CREATE TABLE share_peer (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('recipient', 'client')),
    key_id          TEXT NOT NULL,
    sign_public     BLOB NOT NULL CHECK (length(sign_public) = 32),
    kem_public      BLOB NOT NULL CHECK (length(kem_public) = 32),
    member_id       TEXT,
    label           TEXT NOT NULL DEFAULT '',
    paired_at       INTEGER NOT NULL,
    last_sequence   INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
    revoked_at      INTEGER,
    UNIQUE (role, key_id),
    CHECK (role = 'client' OR member_id IS NOT NULL)
) STRICT;

CREATE INDEX share_peer_member ON share_peer (member_id);

-- Imported bundles (care-team side): one per client and period; a newer
-- bundle for the same period replaces the older one.
CREATE TABLE share_bundle (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES share_peer (id) ON DELETE CASCADE,
    sequence        INTEGER NOT NULL,
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    imported_at     INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    content         TEXT NOT NULL,
    UNIQUE (client_id, period_from, period_to)
) STRICT;
