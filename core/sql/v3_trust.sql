-- Version 3: trust hardening.
--
-- A pairing is trusted only once the person compared the fingerprints and
-- confirmed it (`confirm_pairing`): until then nothing is sealed to or
-- accepted from its key. Pairings made before version 3 start unverified.
ALTER TABLE share_peer ADD COLUMN verified_at INTEGER;
