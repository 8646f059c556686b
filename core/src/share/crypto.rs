//! Keys and the cryptography of share bundles — standard constructions only.
//!
//! - **Identity.** Every Cadence file has one share identity: an Ed25519
//!   signing key (RFC 8032, `ed25519-dalek`, strict verification) and an
//!   X25519 HPKE key pair. Both come from 32 random bytes each (OS random);
//!   the HPKE pair is derived with RFC 9180 `DeriveKeyPair`.
//! - **Key id.** `SHA-256("cadence/share/key-id/v1" ‖ ed25519 pub ‖ x25519 pub)`,
//!   first 16 bytes. The pairing fingerprint is the first 10 bytes of the same
//!   hash (see [`super::pairing`]).
//! - **Encryption.** HPKE (RFC 9180), mode base, suite DHKEM(X25519,
//!   HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305, `info` =
//!   [`HPKE_INFO`], associated data = the bundle header.
//! - **Signature.** Ed25519 by the client's identity over header + ciphertext.
//! - **Key protection.** The two 32-byte secrets are never stored in clear:
//!   they are sealed with ChaCha20-Poly1305 (RFC 8439) under a key derived by
//!   HKDF-SHA256 (RFC 5869) from the host's 32-byte key-protection secret
//!   (kept in the Keychain / Keystore like the database key), a random 16-byte
//!   salt and `info` = `"cadence/share/key-wrap/v1"`, with a random 12-byte
//!   nonce and the key id as associated data. Stored form: `salt ‖ nonce ‖
//!   ciphertext+tag`. A wrong secret fails the tag check: [`Error::WrongKey`].

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use hpke::aead::ChaCha20Poly1305 as HpkeChaCha;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::format::{ENC_LEN, KEY_ID_LEN, SIGNATURE_LEN};
use crate::error::{Error, Result};

/// HPKE `info` string of bundle version 1 (base mode, signed).
pub const HPKE_INFO: &[u8] = b"cadence/share/bundle/v1";
/// HPKE `info` string of bundle version 2 (auth mode, not signed).
pub const HPKE_INFO_V2: &[u8] = b"cadence/share/bundle/v2";
const KEY_ID_LABEL: &[u8] = b"cadence/share/key-id/v1";
const WRAP_INFO: &[u8] = b"cadence/share/key-wrap/v1";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;

/// The host's 32-byte key-protection secret (Keychain / Keystore). Zeroed
/// when dropped; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyProtectionSecret([u8; 32]);

impl KeyProtectionSecret {
    /// Wraps raw secret bytes; anything but 32 bytes is `InvalidInput`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid("key_secret", "must be exactly 32 bytes"))?;
        Ok(KeyProtectionSecret(arr))
    }
}

impl fmt::Debug for KeyProtectionSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyProtectionSecret(..)")
    }
}

impl Drop for KeyProtectionSecret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Overwrites secret bytes (the `zeroize` crate: not optimised away).
fn wipe(bytes: &mut [u8]) {
    bytes.zeroize();
}

/// `n` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|_| Error::Io(std::io::Error::other("no random source available")))?;
    Ok(out)
}

/// The public half of an identity: what pairing exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicIdentity {
    /// Ed25519 verifying key.
    pub sign: [u8; 32],
    /// X25519 HPKE public key.
    pub kem: [u8; 32],
}

impl PublicIdentity {
    /// Checks both keys are valid points.
    pub fn from_bytes(sign: [u8; 32], kem: [u8; 32]) -> Result<Self> {
        VerifyingKey::from_bytes(&sign)
            .map_err(|_| Error::invalid("pairing_code", "not a valid signing key"))?;
        <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(&kem)
            .map_err(|_| Error::invalid("pairing_code", "not a valid encryption key"))?;
        Ok(PublicIdentity { sign, kem })
    }

    fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(KEY_ID_LABEL);
        h.update(self.sign);
        h.update(self.kem);
        h.finalize().into()
    }

    /// The key id written in bundle headers.
    pub fn key_id(&self) -> [u8; KEY_ID_LEN] {
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&self.digest()[..KEY_ID_LEN]);
        id
    }

    /// The 10 fingerprint bytes both sides compare.
    pub fn fingerprint_bytes(&self) -> [u8; 10] {
        let mut f = [0u8; 10];
        f.copy_from_slice(&self.digest()[..10]);
        f
    }

    /// Verifies an Ed25519 signature (strict: no malleable encodings).
    pub fn verify(&self, msg: &[u8], sig: &[u8; SIGNATURE_LEN]) -> Result<()> {
        let key = VerifyingKey::from_bytes(&self.sign)
            .map_err(|_| Error::Corrupt("stored signing key is invalid".into()))?;
        key.verify_strict(msg, &Signature::from_bytes(sig))
            .map_err(|_| {
                Error::invalid(
                    "bundle.signature",
                    "does not verify: the bundle was altered or not signed by this client",
                )
            })
    }

    /// HPKE-seals `plaintext` to this identity with `aad`; returns the
    /// encapsulated key and the ciphertext.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<([u8; ENC_LEN], Vec<u8>)> {
        let pk = <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(&self.kem)
            .map_err(|_| Error::Corrupt("stored encryption key is invalid".into()))?;
        let mut rng = HpkeRng;
        let (enc, ct) =
            hpke::single_shot_seal_with_rng::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Base,
                &pk,
                HPKE_INFO,
                plaintext,
                aad,
                &mut rng,
            )
            .map_err(|_| Error::invalid("bundle", "encryption failed"))?;
        let mut out = [0u8; ENC_LEN];
        out.copy_from_slice(&enc.to_bytes());
        Ok((out, ct))
    }
}

/// A `rand_core` RNG over `getrandom`. HPKE needs it for the ephemeral key.
struct HpkeRng;

impl hpke::rand_core::TryRng for HpkeRng {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> std::result::Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> std::result::Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> std::result::Result<(), Self::Error> {
        // An OS without a random source cannot run Cadence safely at all.
        getrandom::fill(dest).expect("operating system random source failed");
        Ok(())
    }
}

impl hpke::rand_core::TryCryptoRng for HpkeRng {}

/// The secret half of an identity, held in memory only while used.
pub struct SecretIdentity {
    sign_seed: [u8; 32],
    kem_ikm: [u8; 32],
    public: PublicIdentity,
}

impl fmt::Debug for SecretIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretIdentity(..)")
    }
}

impl Drop for SecretIdentity {
    fn drop(&mut self) {
        wipe(&mut self.sign_seed);
        wipe(&mut self.kem_ikm);
    }
}

impl SecretIdentity {
    /// A new identity from fresh OS randomness.
    pub fn generate() -> Result<Self> {
        let sign_seed = Zeroizing::new(random_bytes::<32>()?);
        let kem_ikm = Zeroizing::new(random_bytes::<32>()?);
        Ok(Self::from_secrets(&sign_seed, &kem_ikm))
    }

    /// The identity of two secrets, copied into the (wiped on drop) struct;
    /// the caller wipes its own copies (they are `Zeroizing`).
    fn from_secrets(sign_seed: &[u8; 32], kem_ikm: &[u8; 32]) -> Self {
        let sign = SigningKey::from_bytes(sign_seed).verifying_key().to_bytes();
        let (_, pk) = X25519HkdfSha256::derive_keypair(kem_ikm);
        let mut kem = [0u8; 32];
        kem.copy_from_slice(&pk.to_bytes());
        SecretIdentity {
            sign_seed: *sign_seed,
            kem_ikm: *kem_ikm,
            public: PublicIdentity { sign, kem },
        }
    }

    /// The public half.
    pub fn public(&self) -> &PublicIdentity {
        &self.public
    }

    /// Signs `msg` with Ed25519.
    pub fn sign(&self, msg: &[u8]) -> [u8; SIGNATURE_LEN] {
        SigningKey::from_bytes(&self.sign_seed).sign(msg).to_bytes()
    }

    /// HPKE auth mode (RFC 9180 §5.1.3): seals `plaintext` to `recipient`,
    /// authenticated by this identity's X25519 key, with `aad` (format
    /// version 2). Only the recipient can check who sent it, and, holding
    /// the other half of the same Diffie-Hellman secret, could have made it
    /// themselves: it proves nothing to anyone else.
    pub fn seal_auth(
        &self,
        recipient: &PublicIdentity,
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<([u8; ENC_LEN], Vec<u8>)> {
        let pk_r = <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(&recipient.kem)
            .map_err(|_| Error::Corrupt("stored encryption key is invalid".into()))?;
        let (sk_s, pk_s) = X25519HkdfSha256::derive_keypair(&self.kem_ikm);
        let mut rng = HpkeRng;
        let (enc, ct) =
            hpke::single_shot_seal_with_rng::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Auth((sk_s, pk_s)),
                &pk_r,
                HPKE_INFO_V2,
                plaintext,
                aad,
                &mut rng,
            )
            .map_err(|_| Error::invalid("bundle", "encryption failed"))?;
        let mut out = [0u8; ENC_LEN];
        out.copy_from_slice(&enc.to_bytes());
        Ok((out, ct))
    }

    /// Opens an auth-mode ciphertext (format version 2) from `sender`. A
    /// failure means it was altered, or not sealed by `sender` to this key
    /// (which cannot be told apart): `InvalidInput { field:
    /// "bundle.authentication" }`.
    pub fn open_auth(
        &self,
        sender: &PublicIdentity,
        enc: &[u8],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>> {
        let (sk, _) = X25519HkdfSha256::derive_keypair(&self.kem_ikm);
        let pk_s = <X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(&sender.kem)
            .map_err(|_| Error::Corrupt("stored encryption key is invalid".into()))?;
        let enc = <X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(enc)
            .map_err(|_| Error::invalid("bundle.enc", "not a valid encapsulated key"))?;
        hpke::single_shot_open::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Auth(pk_s),
            &sk,
            &enc,
            HPKE_INFO_V2,
            ciphertext,
            aad,
        )
        .map_err(|_| {
            Error::invalid(
                "bundle.authentication",
                "does not authenticate: the bundle was altered or not sealed by this client",
            )
        })
    }

    /// Opens an HPKE ciphertext addressed to this identity. Any failure means
    /// the bundle was not sealed to this key (or was altered): `WrongKey`.
    pub fn open(&self, enc: &[u8], aad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>> {
        let (sk, _) = X25519HkdfSha256::derive_keypair(&self.kem_ikm);
        let enc = <X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(enc)
            .map_err(|_| Error::WrongKey)?;
        hpke::single_shot_open::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &sk,
            &enc,
            HPKE_INFO,
            ciphertext,
            aad,
        )
        .map_err(|_| Error::WrongKey)
    }

    /// Seals the secrets under `secret` for storage (see the module doc).
    pub fn wrap(&self, secret: &KeyProtectionSecret) -> Result<Vec<u8>> {
        let salt: [u8; SALT_LEN] = random_bytes()?;
        let nonce: [u8; NONCE_LEN] = random_bytes()?;
        let cipher = wrapping_cipher(secret, &salt);
        let mut plain = [0u8; 64];
        plain[..32].copy_from_slice(&self.sign_seed);
        plain[32..].copy_from_slice(&self.kem_ikm);
        let aad = self.public.key_id();
        let sealed = cipher.encrypt(
            &nonce.into(),
            Payload {
                msg: &plain,
                aad: &aad,
            },
        );
        wipe(&mut plain);
        let sealed = sealed.map_err(|_| Error::invalid("key_secret", "key wrapping failed"))?;
        let mut out = Vec::with_capacity(SALT_LEN + NONCE_LEN + sealed.len());
        out.extend_from_slice(&salt);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens secrets sealed by [`SecretIdentity::wrap`] and checks they
    /// belong to `expected`. A wrong secret is [`Error::WrongKey`].
    pub fn unwrap(
        wrapped: &[u8],
        secret: &KeyProtectionSecret,
        expected: &PublicIdentity,
    ) -> Result<Self> {
        if wrapped.len() < SALT_LEN + NONCE_LEN {
            return Err(Error::Corrupt("wrapped share key is truncated".into()));
        }
        let (salt, rest) = wrapped.split_at(SALT_LEN);
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let mut nonce_arr = [0u8; NONCE_LEN];
        nonce_arr.copy_from_slice(nonce);
        let aad = expected.key_id();
        let plain = Zeroizing::new(
            wrapping_cipher(secret, salt)
                .decrypt(
                    &nonce_arr.into(),
                    Payload {
                        msg: sealed,
                        aad: &aad,
                    },
                )
                .map_err(|_| Error::WrongKey)?,
        );
        if plain.len() != 64 {
            return Err(Error::Corrupt(
                "wrapped share key has the wrong size".into(),
            ));
        }
        let mut sign_seed = Zeroizing::new([0u8; 32]);
        let mut kem_ikm = Zeroizing::new([0u8; 32]);
        sign_seed.copy_from_slice(&plain[..32]);
        kem_ikm.copy_from_slice(&plain[32..]);
        let id = Self::from_secrets(&sign_seed, &kem_ikm);
        if &id.public != expected {
            return Err(Error::Corrupt("wrapped share key does not match".into()));
        }
        Ok(id)
    }
}

fn wrapping_cipher(secret: &KeyProtectionSecret, salt: &[u8]) -> ChaCha20Poly1305 {
    let mut okm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(salt), &secret.0)
        .expand(WRAP_INFO, &mut okm)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    let cipher = ChaCha20Poly1305::new(&okm.into());
    wipe(&mut okm);
    cipher
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(b: u8) -> KeyProtectionSecret {
        KeyProtectionSecret::from_bytes(&[b; 32]).unwrap()
    }

    #[test]
    fn wrapped_keys_open_only_with_the_right_secret() {
        let id = SecretIdentity::generate().unwrap();
        let wrapped = id.wrap(&secret(1)).unwrap();
        assert!(!wrapped.windows(32).any(|w| w == id.sign_seed));
        let back = SecretIdentity::unwrap(&wrapped, &secret(1), id.public()).unwrap();
        assert_eq!(back.public(), id.public());
        assert!(matches!(
            SecretIdentity::unwrap(&wrapped, &secret(2), id.public()),
            Err(Error::WrongKey)
        ));
        assert!(matches!(
            SecretIdentity::unwrap(&wrapped[..10], &secret(1), id.public()),
            Err(Error::Corrupt(_))
        ));
    }

    #[test]
    fn seal_open_sign_verify() {
        let alice = SecretIdentity::generate().unwrap();
        let bob = SecretIdentity::generate().unwrap();
        let (enc, ct) = bob.public().seal(b"aad", b"hello").unwrap();
        assert_eq!(bob.open(&enc, b"aad", &ct).unwrap(), b"hello");
        assert!(matches!(
            bob.open(&enc, b"other", &ct),
            Err(Error::WrongKey)
        ));
        assert!(matches!(
            alice.open(&enc, b"aad", &ct),
            Err(Error::WrongKey)
        ));
        let sig = alice.sign(b"msg");
        alice.public().verify(b"msg", &sig).unwrap();
        assert!(alice.public().verify(b"msG", &sig).is_err());
        assert!(bob.public().verify(b"msg", &sig).is_err());
    }

    #[test]
    fn secrets_never_print() {
        assert_eq!(format!("{:?}", secret(3)), "KeyProtectionSecret(..)");
        assert!(KeyProtectionSecret::from_bytes(&[0; 31]).is_err());
    }
}
